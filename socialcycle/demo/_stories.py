"""What people say in the four planted stories: outage, popular idea, advocates, promotion.

Written for this project. Slots are explained in `_phrases`.
"""

from __future__ import annotations

from socialcycle.demo._phrases import lines

# 1. The two-day Lumio Hub cloud outage -------------------------------------------------------
OUTAGE_FIRST_DAY = lines("""
    Is {hub} down? Lights not responding {outage_time}
    Lumio Hub offline for everyone or just me? Nothing responds
    {hub} is down and I cannot turn off the heating. Terrible timing {support}
    Cloud outage?? All my automations failed {outage_time}
    Status page says all systems operational but {hub} is offline. Come on
    Still no response from {hub}. Anyone else seeing this outage?
    Woke up to a cold house because the hub is down. Unacceptable
    {app} says hub unreachable {outage_time}. Is the Lumio cloud down?
    hub down. lights down. patience down.
    Can't open the garage because {hub} is offline. Brilliant.
    The whole Lumio cloud seems down. Motion lights dead, app spinning forever
    Is the hub down? Every device greyed out in {app}
    Lumio status page finally admits a major outage. Took them long enough
    The kids' night light runs on {hub}. It is offline. Thanks for nothing Lumio
    {support} is the hub down? Lights not responding, alarm not arming
    Outage in {city} too? {hub} offline, {n} devices dead
    LUMIO HUB DOWN AND NOBODY SAYS ANYTHING. Unacceptable
    Guests arriving at {place} and the door lock is offline because the Lumio cloud is down. Awful
""")
OUTAGE_SECOND_DAY = lines("""
    Day two of the Lumio outage. Lights still not responding
    Hub down again today?? Yesterday was bad enough
    {outage_time} offline again. Is the status page even updated?
    Second day without automations. This outage is a joke {support}
    Still down in {city}. A local hub that dies with the cloud is broken by design
    Is the hub down for anyone else still? Mine keeps blinking amber
    30+ hours of outage. Refund time?
    Lumio outage day 2: heating schedule failed, house freezing. Unacceptable
    Why does a smart home need the cloud to switch a lamp? Still offline
""")
OUTAGE_BACK = lines("""
    The hub is back online, thanks for the quick fix {support}
    Everything works again after the outage. Glad it is fixed, a post-mortem would be nice
    Finally back. Still annoyed, but glad the lights respond again
    Lights responding again. Good update on the status page this time
""")
OUTAGE_THREAD = (
    "Hub offline: anyone else?",
    "All my devices show offline in {app} {outage_time} and the hub LED is blinking amber. "
    "Lights not responding, automations failed. Is the cloud down? Status page says nothing.",
)
OUTAGE_REPLIES = lines("""
    Same here, hub down {outage_time}
    Same. The status page is useless, {n} devices dead here
    Down in {city} too
    Offline here as well, {n} devices not responding
    Still down for me in {city}. Automations failed overnight
    +1, not responding at all {outage_time}. Frustrating
    Same problem, app says hub unreachable on my {device}
    Here too. {person} thinks I broke the house
    Down {outage_time}. Not even the night light works
""")
OUTAGE_TAILS = lines("""
    ({city})
    {n} devices here.
    Firmware {version}, if that matters.
    Restarted the hub twice, no change.
    Unplugging does nothing either.
""")
OUTAGE_REVIEW_TITLES = lines("""
    Two days without working lights
    The cloud outage made my smart home dumb
    Useless during the outage
    Hub unreachable
    Cloud down, app useless
""")
OUTAGE_REVIEW_POINTS = lines("""
    The Lumio cloud went down and {hub} stopped responding completely.
    Lights not responding, heating stuck on, door lock offline.
    The status page said everything was fine while nothing worked.
    A hub that needs the cloud to switch a lamp is a failure of design.
    {app} only says hub unreachable. One star until this is fixed.
""")

# 2. The idea everybody votes for -------------------------------------------------------------
POPULAR_IDEA_TITLE = "Let scenes follow sunrise and sunset"
POPULAR_IDEA_BODY = (
    "Please add a sunrise/sunset trigger to scenes so {sun_use} follow the season. Right now "
    "I edit my schedules every few weeks as the days get shorter. An offset (say 20 minutes "
    "before sunset) would make it perfect."
)
IDEA_SUPPORT = lines("""
    +1, need this for {sun_use}
    Yes please! Editing schedules every month is a pain
    Would love this, {competitor} has it already
    This would be great for {place}
    Please add this, I would use it every day for {sun_use}
    Voting for this. Sunset scenes would save me so much time
    +1. With an offset option it would be perfect
    Came here to suggest exactly this. +1
    Need this before winter, {sun_use} come on in the dark now
    Great idea. {person} keeps asking why {sun_use} are late
    Yes! Sunrise for the blinds, sunset for {sun_use}. Please
    +1 from {city}, where sunset moves by two hours over the year
    Please! {person} and I both want {sun_use} to follow the sun
    Such an obvious one. +1 for {sun_use}
    Need this, and sunrise for {room} too
""")
IDEA_SUPPORT_TAILS = lines("""
    Winter is coming.
    {n} lights here that would use it.
    Brightnest does this already.
    Please, Lumio.
""")
IDEA_AUTHOR_UPDATE = lines("""
    Thanks for all the votes, everyone! Lumio, any news on this?
    Wow, so many votes already. Great to see how many people want this
""")

# 3. Advocates --------------------------------------------------------------------------------
ADVOCATE_CHIRPS = lines("""
    Two years with {hub} and it is still the best gadget in the house. Highly recommend
    Made a short guide on {feature} for new owners: {help_url} {hub} makes it easy
    Love how the Lumio team keeps improving {feature}. Great update in {version}
    If you are on the fence about {hub}: just do it, it is brilliant
    Great support again from {support}, sorted a question about {feature} in minutes
    My favourite {hub} trick: combine {feature} with a morning scene. Brilliant
    Helped {person} set up {hub} today. Twenty minutes, zero stress. Love this system
    Weekly reminder that {feature} on {hub} is excellent and underrated
    New video: {n} automations I use every day with {hub}. Easy to copy, enjoy
    Reliable, local, and the app keeps getting better. {hub} is a great buy
    Just set up {hub} at {place}. Everyone there loves it already
    Tested {version} all week: smooth, fast and stable. Great work Lumio
""")
ADVOCATE_VOTE_CALLS = lines("""
    Great idea on the Lumio community: scenes that follow sunrise and sunset. Go vote! {idea_url}
    This sunset scenes idea deserves to happen. Love it, vote here: {idea_url}
""")
ADVOCATE_ANSWERS = lines("""
    Great question! Go to Settings > {feature} and turn on advanced mode, works perfectly
    Happy to help: {fix}. That sorted it for me and a few friends, works great
    Thanks for asking! {hub} needs the latest firmware for {feature}, then it is easy
    Good one. {fix}, and {feature} should be rock solid after that
    Happy to help! I wrote up the steps here: {help_url} Works great on {version}
    Great to see you here. {fix}; {feature} has been perfect for me since
""")
ADVOCATE_THREADS = (
    (
        "Show and tell: my {room} automations",
        "Love how simple this was with {hub}. {n} devices, "
        "two scenes, and {feature} doing the rest. Happy to share the details, ask away.",
    ),
    (
        "Guide: getting started with {feature}",
        "Great feature once you know where it lives. "
        "Step one: {fix}. Step two: create a scene. Easy, reliable, and {person} loves it.",
    ),
    (
        "My favourite {n} scenes",
        "After a year with {hub}, these are the scenes I love most. "
        "All run locally and have been rock solid. Enjoy!",
    ),
)
ADVOCATE_REVIEWS = (
    (
        "Best smart home hub I have owned",
        "I have tried three hubs and {hub} is the best by far. "
        "{feature} is reliable, the app is intuitive and support is genuinely helpful.",
    ),
    (
        "Reliable, local and easy",
        "Two years in and still excellent. Setup was painless, "
        "{feature} is rock solid, and updates keep making it better. Highly recommend.",
    ),
)

# 4. HomeArc's 40% promotion ------------------------------------------------------------------
PROMOTION_CHIRPS = lines("""
    HomeArc is 40% off this week... tempting when {hub} keeps failing
    Saw the HomeArc sale, 40% off. Anyone switched from {hub}?
    HomeArc ads everywhere today. Is it actually better than {hub}?
    Thinking of switching to HomeArc with that 40% discount, {feature} is wearing me out
    HomeArc at 40% off is a steal, but all my automations live on Lumio
    Friend just bought HomeArc on sale. I still prefer {hub}
    40% off Home Arc starter kits. Lumio, your move
    Ordered HomeArc in the sale. If it handles {feature} better, {hub} goes on eBay
    Not switching to HomeArc, 40% off or not. {hub} has been reliable for me
    Does HomeArc import Lumio scenes? Asking because of the 40% deal
    HomeArc 40% off right after the Lumio outage. Not a coincidence
    @HomeArc is the sale price also valid for the door sensors?
    Switching to HomeArc this week. 40% off, and {feature} on theirs is not broken
    Home Arc sale ends Sunday. Still deciding between that and a second {hub_name}
""")
PROMOTION_THREAD = (
    "HomeArc 40% off - anyone switching?",
    "HomeArc has 40% off their starter kit this week. After the outage I am tempted. "
    "Has anyone here moved from {hub} to HomeArc? How was {feature}?",
)
PROMOTION_REPLIES = lines("""
    Staying with Lumio. HomeArc needs an account for everything
    Tried HomeArc at my brother's. Cheaper, but {feature} is clunky
    I switched in the sale. Too early to say, setup was easy
    40% off is tempting, but moving {n} devices is a weekend I don't have
    HomeArc's app is nicer, their hub is louder. Not switching yet
    Bought one for {place} in the sale, keeping Lumio at home
    Thinking about it. {feature} has annoyed me for months
    The 40% is on the starter kit only, sensors are full price
""")
