"""Reviews: the hub on StarReview and the Lumio App in the app store, by tone and stars.

Written for this project. Slots are explained in `_phrases`.
"""

from __future__ import annotations

from socialcycle.demo._phrases import lines

# Reviews on StarReview ----------------------------------------------------------------------
REVIEW_TITLES: dict[str, tuple[str, ...]] = {
    "positive": lines("""
        Rock solid
        Does exactly what it says
        Best hub I have owned
        Easy setup, great app
        Five stars from a sceptic
        Reliable and simple
        Great little box
        Love it
        {feature} works beautifully
        Perfect for {place}
        Smooth since {version}
    """),
    "negative": lines("""
        Disappointed
        Not worth the money
        Keeps dropping devices
        Broken after {version}
        Support is a nightmare
        Returned it
        Frustrating experience
        {feature} keeps failing
        Let down by {feature}
    """),
    "neutral": lines("""
        Mixed feelings
        Okay so far
        Decent, with caveats
        Three stars for now
        Promising
        Fine for the basics
        Good, but {feature} needs work
        {feature} could be better
    """),
}
REVIEW_CONTEXT = lines("""
    Bought {hub} {ago} to run {n} {gadget} and a thermostat.
    We have had {hub} since {since}, mostly for {feature}.
    Replaced an old {competitor} setup with {hub} {ago}.
    Got {hub} as a gift; I am not a tech person.
    Using {hub} in a two-bedroom flat with {n} devices.
    Installed {hub} {ago} for {room} and {room}.
""")
REVIEW_POINTS: dict[str, tuple[str, ...]] = {
    "positive": lines("""
        Pairing was painless and the app is intuitive.
        {feature} has been reliable every single day.
        The energy report helped us cut the bill, a nice bonus.
        Firmware updates install overnight without fuss. Great.
        {person} figured out {feature} without my help, which says it all.
        Support answered within an hour and was genuinely helpful.
    """),
    "negative": lines("""
        {feature} fails at least once a week.
        Customer support took {wait} to reply.
        The app is slow and the hub needs restarts.
        Every update seems to break {feature}. Annoying.
        Half my {gadget} drop off the network overnight. Frustrating.
        For this price I expected far better than constant glitches and errors.
    """),
    "mixed": lines("""
        {feature} is great, but {app_feature} still feels slow.
        The hardware is solid; the app needs work.
        Setup was easy, though {feature} fails now and then.
        Love the local control, but support was slow when I needed it.
    """),
}
REVIEW_VERDICTS: dict[int, tuple[str, ...]] = {
    5: ("Five stars, would buy again.", "Highly recommend.", "Excellent value."),
    4: ("Four stars only because {app} could be faster.", "Minus one star for the price."),
    3: ("Three stars for now, will update if {version} helps.", "Average. Does the basics."),
    2: ("Two stars because the hardware itself is fine.", "Disappointed, would think twice."),
    1: ("Would not buy again.", "Returning it.", "Avoid."),
}

# Reviews of the Lumio App in the app store --------------------------------------------------
APP_TITLES: dict[str, tuple[str, ...]] = {
    "positive": lines("""
        Clean and fast
        Great companion app
        Love the widgets
        Works great
        Love {app_feature}
        Smooth on my {device}
        Great since {version}
    """),
    "negative": lines("""
        Crashes constantly
        Broken update
        Logs me out
        Battery hog
        {app_feature} broken
        Unusable on my {device}
        {version} broke it
    """),
    "neutral": lines("""
        Does the job
        Needs a tablet layout
        Getting used to it
        Okay
        {app_feature} needs polish
        Fine on my {device}
        Mixed feelings about {version}
    """),
}
APP_POINTS: dict[str, tuple[str, ...]] = {
    "positive": lines("""
        {app_feature} is brilliant since {version}.
        Clean design and fast, even on my old {device}. Love it.
        Love the new {app_feature}, runs great on {device}.
        Easiest smart home app I have used. Great job.
        Widgets are perfect. Smooth on {device} with {version}.
        Setup wizard was painless, had {n} devices added in minutes.
    """),
    "negative": lines("""
        Crashes on launch since {version} on my {device}.
        {app_feature} is broken after the last update.
        Logs me out every day. Annoying.
        Drains my battery on {device}, uninstalled.
        Notifications arrive ten minutes late. Useless for a door sensor.
        The update to {version} broke {app_feature} on {device}. Terrible.
    """),
    "neutral": lines("""
        Does what I need on {device}. Would like {app_feature} on the watch.
        Updated to {version}, the layout changed a lot, still getting used to it.
        On {device}. The setup wizard asks for a lot of permissions.
        {app_feature} takes some getting used to.
        Would like a tablet layout for the wall-mounted iPad.
    """),
}
APP_VERSION_NOTES = lines("""
    ({version}, {device})
    Using {version} on {device}.
    App {version}, {device}.
    [{device}, {version}]
""")
