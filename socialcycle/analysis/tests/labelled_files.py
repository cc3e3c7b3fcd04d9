"""A small labelled data folder, written by tests of the kinds models and of the commands
that train and evaluate them: a few posts per source, each with its kinds."""

import csv

POSTS = {
    "tweets": [
        ("@brand where is my parcel? ordered a week ago", "question;complaint"),
        ("@brand your app logs me out every time I open it", "early_warning;complaint"),
        ("@brand thanks, the agent sorted it in minutes", "praise"),
        ("@brand can I change my delivery address?", "question"),
        ("@brand switched to your rival, they deliver on Sundays", "competitive;complaint"),
    ],
    "app_reviews": [
        ("Crashes on startup since the last update", "early_warning;complaint"),
        ("Please add a dark mode, my eyes hurt at night", "idea"),
        ("Been using it for six years, I recommend it to everyone", "testimonial;praise"),
        ("Tip: turn off battery saver and notifications arrive again", "service_tip"),
        ("Great app, love it", "praise"),
    ],
    "airline_reviews": [
        ("Flight delayed five hours and nobody told us anything", "complaint"),
        ("EU261 says they owe me compensation, they refused", "public_policy;complaint"),
        ("Wish they flew to Nashville, I would book at once", "market_expansion;idea"),
        ("Crew were lovely and the seat was comfortable", "praise"),
        ("Book row 12, it has extra legroom and nobody knows", "service_tip;praise"),
    ],
}


def write_csv(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
