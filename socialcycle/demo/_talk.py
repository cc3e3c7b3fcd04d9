"""Everyday talk about Lumio: sentence templates by feedback kind, replies, community threads.

Written for this project. Slots are explained in `_phrases`. Positive and negative
templates say so in plain words; neutral ones avoid words that carry a tone.
"""

from __future__ import annotations

from socialcycle.demo._phrases import lines

# Short posts, one template each, by feedback kind -----------------------------------------
EVERYDAY: dict[str, tuple[str, ...]] = {
    "praise": lines("""
        {hub} has been rock solid since {since}. Love it
        Honestly impressed with {feature} after {version}, smooth and fast
        {feature} on {hub} is brilliant, {person} uses it every day now
        Three months in and {hub} has not missed a single schedule. Reliable little box
        The new {app_feature} in {version} is a great improvement, nice work Lumio
        Setting up {feature} took five minutes. So easy
        Love how {hub} just quietly does its job. Lights on at dusk, heating off when we leave
        {app} got so much faster with {version}, great update
        Finally a smart home thing {person} actually likes. {feature} is perfect for us
        Big thanks to {support}, sorted a question about {feature} in minutes
        Paired {n} {gadget} in one evening with {hub}. Painless
        {assistant} + {hub} = lights off from bed. Perfect
        Best part of {hub}: {feature} runs locally, so it stays fast when the internet is slow
        Happy with {hub} so far. {feature} is smooth and the app is intuitive
        {app_feature} is excellent. Small thing, but it makes {app} a joy
        Moved house and {hub} came with us, re-pairing was easy. Great design
        {feature} on {hub} is so reliable I forgot it was there
        {person} said the house feels smarter than me now. Great job Lumio
    """),
    "testimonial": lines("""
        Best smart home purchase I have made. Highly recommend {hub}
        If you are on the fence about {hub}: get it. {feature} alone is worth it
        {hub} changed our routine. Lights in {room} come on before we get home, {person} loves it
        Recommended {hub} to {n} friends now and they are all happy with it
        A year with {hub} and I can't imagine going back. Rock solid and easy
        Bought {hub} for {person} and it has been a lifesaver, {feature} is so simple
        Genuinely the most reliable gadget in our house, {person} agrees. Thanks Lumio
        My favourite thing we bought this year is {hub}. Highly recommend
    """),
    "market": lines("""
        We use the hub in {place} to switch everything off at night, works great
        Set up {hub} in {place} and {feature} is a lifesaver for us
        Never thought of it, but {hub} is perfect for {place}
        We use Lumio in {place} now: lights, blinds and a door sensor. Guests love it
        Using {hub} for {place} so we can check the heating remotely. Great peace of mind
        Installed {hub} in {place} with motion lights in {room}. Simple and reliable
        {hub} plus a door sensor at {place} means I get a ping when someone arrives. Love it
        I use the hub for {place}: {n} rooms, one schedule, zero fuss. Brilliant
    """),
    "tip": lines("""
        Tip: if {feature} acts up, {fix}. Works every time
        What worked for me with {feature}: {fix}. Easy
        Pro tip for new owners: {fix} before you pair anything. Saves a lot of time
        Workaround for {feature}: create the scene first, then add the schedule to it. Smooth now
        Handy trick: long-press a scene in {app} to pin it as a widget. Love it
        If {app} feels sluggish, {fix}. Made a great difference for me
    """),
    "rival_weakness": lines("""
        Switched from {competitor} last month and {hub} is so much better, {feature} just works
        Tried {competitor} at a friend's place. Glad I went with Lumio, their app is a maze
        {competitor} needs the cloud for everything. {hub} keeps running locally, love that
        Compared {competitor} and Lumio for weeks. Lumio won on {feature}, happy with it
    """),
    "complaint": lines("""
        {feature} on {hub} keeps failing, really frustrating
        After the {version} update {feature} is broken. Not happy
        Why does {hub} forget the settings for {feature} every week?? Annoying
        Paid a lot for {hub} and {feature} still does not work properly. Disappointed
        {app} crashes every time I open {app_feature}. Useless right now
        Really disappointed: {feature} stopped working after I moved the {gadget} to {room}
        UGH. {feature} failed AGAIN {time}
        Third reset this week because {feature} got stuck. Poor quality for the price
        Oh great, {version} wipes all my scenes. Love that for me
        {app} logged me out {time} and now {app_feature} is empty. Terrible
        The {n} {gadget} I paired last week keep dropping off {hub}. Frustrating
        {hub} is too expensive for something that needs a restart every few days
        Honestly regret buying {hub}. {feature} is slow and flaky
        Nothing says smart home like waiting 40 seconds for the lights in {room}. Awful
        Battery on the door sensor died in {wait}. Ridiculous
        Automations ran an hour late {time}. Daylight saving broke everything again
        {feature} is a mess since {version}, half my {gadget} ignore it. Poor
    """),
    "problem": lines("""
        Anyone else seeing {feature} fail since {version}?
        Heads up: {version} broke {feature} for me. Hold off updating
        Since {version} {app} drains the battery on my {device}. Something is broken
        {feature} not responding after the latest firmware. Power-cycled twice, still dead
        Zigbee devices keep dropping from {hub} since {time}. Is this a known bug?
        After the update {hub} reboots every few hours. Error light blinking red
        Thread bulbs dropping offline one by one since {version}, anyone else?
        Motion sensor triggers with a 10 second delay now. Something broke with {version}
        {app} shows my {gadget} as offline but they respond to the wall switch. Buggy
        Early warning for Lumio: {version} is bricking some door locks, mine is dead now
        {app_feature} broken on {device} since {version}. Error every time
    """),
    "support": lines("""
        Waited {wait} for {support} to answer about {feature}. Unacceptable
        Support chat queue for {feature} says 45 minutes. Again. Poor service
        Opened a ticket about {feature} {wait} ago. Still nothing. Disappointed
        Third time explaining the same problem with {feature} to a new agent. Frustrating
        Support told me to reset {hub}. Lost all my scenes. Awful advice
    """),
    "rival_threat": lines("""
        Switched to {competitor} because {feature} kept failing on {hub}
        {competitor} is cheaper and I am tired of {feature} failing on {hub}. Tempted to switch
        Returned {hub} and got {competitor}. Setup on Lumio was a nightmare
        {feature} on Lumio is still broken. {competitor} already gets it right, close to switching
        My neighbour's {competitor} setup makes {hub} look slow and clunky
        {competitor} added Matter support months ago. Lumio still missing it. Disappointing
    """),
    "policy_concern": lines("""
        Hubs collecting data with no regulation is a problem. Lumio and {competitor} included
        No right to repair for hubs is a waste: {hub} becomes junk the day the cloud shuts down
        The energy rebate excludes {hub} because it is not on the approved list. Ridiculous
        Privacy law or not, {app} asking for my location all day is a bad idea
    """),
    "question": lines("""
        Does {hub} handle {feature} with older {gadget}?
        How do I move {feature} to a new phone?
        Anyone know if {feature} runs without internet?
        Is there a way to export {feature} data from {app}?
        Comparing {hub} and {competitor} for a new flat, which one handles {feature} better?
        Will {feature} come to {hub} in {version}?
        Moving {hub} to {room}. Do I need to pair everything again?
        Can {assistant} trigger Lumio scenes or only single lights?
        Which {gadget} are people using with {hub}? Looking for suggestions
        What range should I expect from {hub} through two walls?
        {support} is {feature} on the roadmap?
        How many {gadget} can one hub handle?
        Where does {app} keep the history for {feature}?
    """),
    "idea": lines("""
        Feature request: let {feature} use more than one trigger
        Please add a way to share {feature} with guests without an account
        I wish {app} had {app_feature} on the lock screen
        Idea for Lumio: a vacation mode that randomises lights in {room}
        Could you add a CSV export for the energy report? It would help {person} with budgeting
        Lumio, please let us name {gadget} by room in {app}
        Suggestion: show battery levels of all {gadget} on one screen
        {support} any chance of {app_feature} for tablets?
    """),
    "news": lines("""
        Got {hub} today, setting it up this weekend
        Firmware {version} rolling out now, release notes mention {feature}
        Day {n} with {hub}. Still learning how {feature} behaves
        Reading the manual for {feature}. Page 12 is dense
        Rearranged the scenes in {room} tonight. {n} devices on {hub} now
        Lumio posted the {version} changelog: changes to {feature} and a new {app_feature}
        Unboxing {hub}. Smaller than I expected
        Ordered another door sensor for {room}
        Spent the evening wiring {gadget} in {room} to {hub}
    """),
    "policy": lines("""
        Does {hub} qualify for the new energy rebate? The form asks for the model number
        Right to repair should cover hubs too. Will Lumio sell spare parts for {hub}?
        The smart device security consultation closes this week. Lumio and {competitor} should reply
        With the EU data act coming, will Lumio let us export our own {feature} data?
        Our council in {city} offers a rebate for smart thermostats. Does Lumio count?
        The new privacy law requires opt-in for voice recordings. What does {app} do?
    """),
}

KINDS_BY_TONE: dict[str, tuple[tuple[str, int], ...]] = {
    "positive": (
        ("praise", 42),
        ("testimonial", 18),
        ("market", 16),
        ("tip", 14),
        ("rival_weakness", 10),
    ),
    "negative": (
        ("complaint", 40),
        ("problem", 28),
        ("support", 10),
        ("rival_threat", 12),
        ("policy_concern", 10),
    ),
    "neutral": (("question", 42), ("idea", 20), ("news", 26), ("policy", 12)),
}

SHORT: dict[str, tuple[str, ...]] = {
    "positive": lines("""
        ok {feature} is brilliant
        {hub} still perfect after {n} months
        10/10 would automate {room} again
        love {app_feature} so much
        {feature} = chef's kiss. great stuff
    """),
    "negative": lines("""
        {hub} offline. again.
        {feature} broken. cool.
        why is {app} so slow
        {version} = bugs
        {app_feature} dead on {device}. great
    """),
    "neutral": lines("""
        new {hub_name} owner, hello
        {version} is out
        trying {feature} tonight
        {n} {gadget} and counting
    """),
}

DETAIL: dict[str, tuple[str, ...]] = {
    "positive": lines("""
        {person} is impressed too.
        Worth every penny.
        Kudos to the Lumio team.
        Setup took ten minutes.
        Running {n} {gadget} on it without a hiccup.
        Really happy with it.
        Would recommend to anyone.
    """),
    "negative": lines("""
        Already tried to {fix}.
        Not the first time either.
        {person} is fed up too.
        This was supposed to be premium.
        Happened {n} times this week.
        Seriously thinking about a refund.
        Tested on two phones, same problem.
    """),
    "neutral": lines("""
        Running {version} on my {device}.
        {n} devices here.
        Had it since {since}.
        Using {assistant} too.
        Mostly {gadget} and one thermostat.
        Screenshot: {pic_url}
    """),
}

# Chirper replies in threads -----------------------------------------------------------------
REPLIES: dict[str, tuple[str, ...]] = {
    "agree_negative": lines("""
        Same here, {time}
        Same problem with {feature} here. Annoying
        +1, {feature} failed here too
        Not just you, {feature} is broken for me as well
        Exactly this. {feature} is so frustrating
    """),
    "help": lines("""
        Try to {fix}, worked great for me
        Had that too. {fix} and it has been perfect since
        Check {help_url}, the steps there are easy to follow
        Did you try to {fix}? Easy fix, sorted mine
        Happy to help: {fix}
        Try to {fix} and see if that changes anything
    """),
    "agree_positive": lines("""
        Totally agree, {feature} is great
        Same experience here, {feature} is really reliable
        Yes! {person} loves it too
        Couldn't agree more, {hub} was my best buy this year
    """),
    "neutral": lines("""
        Which firmware is {hub} on?
        Is that on {version}?
        Following, want to know about {feature} too
        Did you ask {support}?
        Does it happen with {assistant} too?
        Which {gadget} do you have?
    """),
    "disagree": lines("""
        Not my experience, mine has been rock solid since {since}
        Odd, {feature} is fine here on {version}
        Works great for me, maybe try to {fix}?
    """),
}
REPLY_KINDS_BY_TONE: dict[str, tuple[tuple[str, int], ...]] = {
    "negative": (("agree_negative", 60), ("help", 22), ("neutral", 10), ("disagree", 8)),
    "positive": (("agree_positive", 65), ("neutral", 20), ("help", 15)),
    "neutral": (("help", 50), ("neutral", 30), ("agree_positive", 20)),
}
REPLY_TONE = {
    "agree_negative": "negative",
    "help": "positive",
    "agree_positive": "positive",
    "neutral": "neutral",
    "disagree": "positive",
}

# Community replies get a greeting or a tail now and then, as people write them.
GREETINGS = ("Hi {name}! ", "Hey {name}. ", "{name}: ")
ANSWER_GREETINGS = (*GREETINGS, "Welcome, {name}. ", "Good question, {name}. ")
TAILS = lines("""
    Mine is on {version}.
    That was on my {device}.
    {n} devices here, for what it is worth.
    Same setup as you, more or less.
    We have had ours since {since}.
""")
HELP_TAILS = lines("""
    Hope that helps.
    Good luck!
    Let us know how it goes.
    Took me a while to find out.
    Mine is on {version}, for reference.
    That was on my {device}.
""")


# Community threads ----------------------------------------------------------------------------
# Each question is a title and a body about the same thing; answers stay on its {feature}.
QUESTIONS: tuple[tuple[str, str], ...] = (
    (
        "{feature} with older {gadget}?",
        "I have {n} older {gadget} from another brand. Does {feature} handle them, or do I need "
        "new ones?",
    ),
    (
        "How do I back up my scenes before a reset?",
        "Support suggested a factory reset of {hub}. I have {n} scenes I do not want to rebuild. "
        "Is there an export or a backup?",
    ),
    (
        "Can {feature} run without internet?",
        "Our broadband comes and goes. Does {feature} keep going when the router loses its "
        "connection?",
    ),
    (
        "Best way to set up {feature} for two households?",
        "We share {hub} with {person}, who lives in the annex. How do you split {feature} "
        "between two homes?",
    ),
    (
        "{feature} and {assistant}: how do you link them?",
        "I can see my devices in {assistant} but {feature} never shows up there. Is there a "
        "setting to expose it?",
    ),
    (
        "Which Zigbee channel next to a busy Wi-Fi?",
        "The hub sits next to the router in {room}. Which Zigbee channel do people use to stay "
        "out of the way of the Wi-Fi?",
    ),
    (
        "Does {feature} survive a power cut?",
        "We get short power cuts in winter. When the power comes back, does {feature} resume by "
        "itself or do I need to open {app}?",
    ),
    (
        "Moving house: what happens to {feature}?",
        "Moving next month. Can I take {hub} with me and keep {feature}, or do I start from "
        "scratch?",
    ),
    (
        "{feature} shows a red dot in the app",
        "Since {version} there is a red dot next to {feature} in {app}. Tapping it does nothing. "
        "What does it mean?",
    ),
    (
        "How do you name devices so {assistant} understands?",
        "{assistant} keeps mixing up my {gadget}. How do you name them so it picks the right one?",
    ),
    (
        "{feature} after {version}: anything to change?",
        "Just updated to {version}. Do I need to set up {feature} again, or does it carry over?",
    ),
    (
        "Where are the settings for {feature}?",
        "Running {app} on my {device}. The manual mentions a menu for {feature} that I cannot "
        "find anywhere.",
    ),
    (
        "Getting started with {feature}",
        "New to all this. {feature} sounds like what I want for {room}, but where do I start?",
    ),
    (
        "How many devices before the hub slows?",
        "Up to {n} {gadget} now and planning more. Is there a practical limit per hub?",
    ),
    (
        "Can {feature} work with {gadget} in {room}?",
        "I want {feature} for the {gadget} in {room}. Is that supported, or only for lights?",
    ),
    (
        "Is {feature} worth setting up for a small flat?",
        "Two rooms, {n} devices. Is {feature} worth the effort, or is it meant for bigger homes?",
    ),
    (
        "{feature} on a second phone?",
        "{person} wants {feature} on their phone too. Do we share one account or invite them?",
    ),
    (
        "Why does {feature} lag in {room}?",
        "{feature} reacts at once in most rooms, but in {room} it takes a few seconds. Why?",
    ),
)
QUESTION_CONTEXT = lines("""
    Firmware {version}, {n} devices.
    The hub is in {room}, the router two rooms away.
    Phone is a {device}.
    Mostly {gadget}, plus a thermostat.
    Set it all up {ago}.
    Using {assistant} as well.
    Screenshot here: {pic_url}
""")
ANSWERS = lines("""
    Had the same on {version}. Settings > Hub > {feature}, toggle it off and on. Solid since.
    What worked for me: {fix}. Took two minutes, easy.
    You need to enable {feature} under Advanced first, it is hidden. Works great after that.
    Tip: {fix}. After that {feature} behaved perfectly.
    Not sure about {version}, but {feature} needed a firmware update first. See Settings > Updates.
    Yes, {feature} runs locally once it is saved on the hub. Only remote access needs the cloud.
    I use {assistant} for that. Name the room first, then the device, and it is reliable.
    Check {help_url}, the second half covers exactly this.
    Had this {ago}, {support} sent me a beta firmware that sorted {feature}.
    Try to {fix}. If that does not help, post your hub model and firmware here.
""")
# Replies under a question that answer nothing: never the first answer, never accepted.
ANSWER_ECHOES = lines("""
    Same question about {feature} here, following.
    Following, I am on {version} and wonder the same.
    Same here with {feature}. Did you find anything?
""")
ASKER_THANKS = lines("""
    That did it, thanks {name}!
    Thanks {name}, all sorted now.
    Brilliant, that was it. Thanks {name}.
    {name}, you are a star. {feature} is back to normal.
    Worked perfectly, thank you {name}!
    Thanks {name}! {feature} behaves now.
    Great tip {name}, thanks. {feature} sorted, marking this solved.
""")
IDEA_TITLES = lines("""
    Vacation mode that randomises lights
    Share {feature} with guests without an account
    Battery levels for all sensors on one screen
    CSV export for the energy report
    Let {feature} use more than one trigger
    Home-screen widget for {feature}
    Group {gadget} by floor, not only by room
    Tell me when a device has been offline for an hour
    Undo for deleted scenes
    Dark mode schedule in the app
    Let {assistant} read out the energy report
    Presence detection based on more than one phone
    Time limits for {feature} in {room}
    A test button for {feature}
    History of every change to {feature}
    Pause {feature} for a day without deleting it
    Favourites tab in the app
    Show {feature} status on the hub's light
    Copy a scene from {room} to another room
    Let {assistant} start {feature}
    Per-room permissions for {feature}
    Notify me before {feature} runs
    Import scenes from {competitor}
    Offline mode for the app
""")
IDEA_BODIES = lines("""
    Right now I have to do this by hand every week. It would help a lot if {hub} handled it.
    Please add this. With {n} {gadget} spread over the house it gets tedious one by one.
    {competitor} has something similar. It would be great to have it in {app} too.
    Our household has {n} people and everyone asks for this. Would save us time in {room}.
    Small idea, but it would make {app} much nicer to use in {room}.
    Feature request from a long-time user: this would make {feature} far more useful.
""")
IDEA_TAILS = lines("""
    Anyone else want this?
    Happy to test a beta.
    Thanks for considering it.
    Would pay for this, honestly.
    {n} of my neighbours asked me the same.
""")
IDEA_REPLIES = lines("""
    +1, would use this for {room} daily
    Yes please, {person} asked for exactly this
    Nice idea, but I'd rather they finish {feature} first
    Agreed. {competitor} has it already.
    Voted. This would help with {room} too.
    Would love this for {place}
""")
DISCUSSION_TITLES: dict[str, tuple[str, ...]] = {
    "praise": lines("""
        Six months with the hub: my notes
        Show and tell: my setup in {room}
        A word of praise for {feature}
        Small win with {feature} today
        Credit where it is due: {feature}
        Happy with {feature} since {version}
        {room} finally runs itself
    """),
    "testimonial": lines("""
        Why I recommend Lumio to friends
        One year in, still happy
        What sold me on Lumio: {feature}
        Would I buy the hub again? Yes
        {feature} won over my whole family
        Lumio since {since}: still recommending it
    """),
    "market": lines("""
        Using Lumio in {place}
        Lumio for a small business?
        The hub in {place}: how we use it
        Unexpected use for the hub: {place}
        {feature} in {place}
    """),
    "tip": lines("""
        Tip: faster {feature}
        Little trick for {feature}
        {feature}: what finally worked for me
        Workaround for {feature}
        {feature} trick that saved me an hour
    """),
    "rival_weakness": lines("""
        Lumio vs {competitor} after a year
        Came from {competitor}
        Why I left {competitor} for Lumio
        {competitor} or Lumio for {feature}? My take
        {feature}: where Lumio beats {competitor}
    """),
    "complaint": lines("""
        {feature} getting worse with every update
        Is anyone else fed up?
        {feature} still flaky on {version}
        Losing patience with {feature}
        Enough problems with {feature}
        {feature} in {room} keeps letting me down
    """),
    "problem": lines("""
        {feature} broken since {version}?
        Devices dropping after update
        Devices dropping after {version}
        {feature} stuck after a restart
        {feature} stopped working in {room}
        {version} and {feature}: known issue?
    """),
    "support": lines("""
        Support wait times
        Ticket open for {wait}
        Still waiting on support about {feature}
        No answer from support after {wait}
        Support and {feature}: going in circles
    """),
    "rival_threat": lines("""
        Thinking about {competitor}
        Lumio vs {competitor}: I am close to leaving
        {competitor} is tempting me
        Would {competitor} handle {feature} better?
        {feature} might push me to {competitor}
    """),
    "policy_concern": lines("""
        Right to repair and hubs
        Privacy and the cloud
        Who regulates hub data?
        What happens to the hub if the cloud closes?
        Location tracking in the app
        The energy rebate and the hub
    """),
    "question": lines("""
        Sanity check
        Question for the veterans
        Probably a silly question
        Quick one about {feature}
        {feature}: am I missing something?
        Newbie question about {feature}
        Help me understand {feature}
    """),
    "idea": lines("""
        Wishlist thread
        Small request
        Wishlist: {feature}
        Request about {feature}
        An idea for {feature}
    """),
    "news": lines("""
        {version} release notes discussion
        New owner here
        What changed in {version}?
        {version} is out
        Week one with {feature}
        New setup in {room}
    """),
    "policy": lines("""
        Energy rebate: does Lumio qualify?
        Data act and our device data
        Spare parts and right to repair
        Smart device security consultation
        Privacy law and voice recordings
        Council rebates for smart thermostats
    """),
}
