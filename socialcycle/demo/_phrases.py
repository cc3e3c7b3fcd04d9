"""Words and sentence patterns the demo generator combines. Written for this project.

Slots in braces are filled by the generator: {product} {feature} {competitor} {device}
{version} {time} {place} {person} {count} {weekday}.
"""

FIRST_NAMES = (
    "Maria Ahmed Sofia Liam Chen Aisha Lucas Yuki Noah Priya Mateo Fatima Jonas Emma Kwame "
    "Olga Diego Hana Ravi Chloe Tomasz Amara Felix Ines Kenji Zara Oscar Leila Mikael Nia "
    "Pedro Anya Samuel Mei Daniel Lucia Omar Freya Arjun Rosa Ivan Grace Tariq Elena Hugo "
    "Aiko Marcus Sara Nikos Julia Kofi Ingrid Mohammed Clara Wei Laura Andre Nadia Paul Ayla"
).split()
LAST_NAMES = (
    "Garcia Khan Rossi Murphy Wang Okafor Silva Tanaka Smith Patel Lopez Haddad Berg Martin "
    "Mensah Ivanova Fernandez Kim Sharma Dubois Nowak Diallo Weber Costa Sato Hussain Larsen "
    "Moreau Nieminen Adeyemi Santos Petrova Cohen Li Novak Torres Aziz Hansen Gupta Ruiz"
).split()
HANDLE_STYLES = (
    "{first}{last}",
    "{first}_{last}",
    "{first}.{initial}",
    "{first}{number}",
    "{initial}{last}{number}",
    "the_{first}",
    "{first}_home",
    "{last}{first}",
)

FEATURES = (
    "pairing",
    "automations",
    "scenes",
    "the motion sensor",
    "Zigbee support",
    "Thread support",
    "voice control",
    "the setup wizard",
    "firmware updates",
    "notifications",
    "the energy report",
    "geofencing",
    "the widget",
    "dark mode",
    "the schedule editor",
    "guest access",
    "backups",
)
DEVICES = ("Pixel 8", "iPhone 15", "Galaxy S23", "iPhone 13", "OnePlus 11", "Pixel 6a", "iPad Air")
VERSIONS = ("v3.1.0", "v3.1.2", "v3.2.0", "v3.2.1", "v3.3.0")
PLACES = (
    "our small hotel",
    "my classroom",
    "my mum's flat",
    "our Airbnb",
    "the dental clinic",
    "our office",
    "my grandpa's house",
    "the community garden shed",
    "our bakery",
)
TIMES = ("this morning", "last night", "since 7am", "for an hour", "all evening", "since lunch")

POSITIVE = (
    "I love how {feature} works on the {product}, so easy",
    "The {product} just works. Setup took ten minutes and {feature} is great",
    "Honestly impressed with {feature} after the last update, smooth and fast",
    "Three months with the {product} and zero problems. Highly recommend",
    "{feature} on the {product} is brilliant, my whole family uses it now",
    "Support sorted my {feature} question in minutes, thank you @LumioSupport",
    "Best smart home purchase this year. The {product} is rock solid",
    "The new {feature} in {version} is a great improvement, nice work",
    "Switched from {competitor} last month and the {product} is so much better",
    "Quietly reliable: the {product} has not missed a single schedule since {weekday}",
    "Love the {product}. {feature} saved me so much time",
    "The {product} changed our routine, lights and heating on before we get home",
)
NEGATIVE = (
    "{feature} on the {product} keeps failing, really frustrating",
    "After the {version} update {feature} is broken. Not happy",
    "The {product} dropped offline again {time}. This is getting ridiculous",
    "Waited {count} days for support to answer about {feature}. Unacceptable",
    "{feature} is so slow on the {product}, takes forever to respond",
    "Why does the {product} forget my {feature} settings every week?? Annoying",
    "Paid a lot for the {product} and {feature} still does not work properly",
    "The {product} crashes every time I open {feature}. Useless right now",
    "Really disappointed: {feature} stopped working after I moved house",
    "{competitor} is cheaper and their {feature} actually works. Thinking about it",
    "UGH. {feature} failed AGAIN {time}",
    "Third reset this week because {feature} got stuck. Poor quality",
)
NEUTRAL = (
    "Does the {product} support {feature} with older bulbs?",
    "How do I move {feature} to a new phone?",
    "Anyone know if {feature} works without internet?",
    "Got the {product} today, setting it up this weekend",
    "Is there a way to export {feature} data from the {product}?",
    "Comparing the {product} and {competitor} for a new flat, which one has {feature}?",
    "What is the difference between the {product} and the {product2}?",
    "Will {feature} come to the {product} in {version}?",
    "Moving the {product} to another room, do I need to pair everything again?",
    "Reading the manual for {feature}, page 12 is confusing",
)
IDEAS = (
    ("Add {feature} to the widget", "It would be great to reach {feature} from the home screen."),
    (
        "Let guests use {feature}",
        "Please add a way for guests to use {feature} without an account.",
    ),
    ("Offline mode for {feature}", "I wish {feature} kept working when the internet is down."),
    (
        "Export for {feature}",
        "Could you add a CSV export for {feature}? It would help with budgeting.",
    ),
    ("Shortcuts for {feature}", "Feature request: voice shortcuts for {feature} on the {product}."),
    ("Family sharing for {feature}", "Idea: let the whole family share {feature} with one tap."),
)
MARKET = (
    "We use the {product} in {place} to switch everything off at night, works well",
    "Set up the {product} in {place}, the {feature} part is a lifesaver for us",
    "Never thought of it, but the {product} is perfect for {place}",
)
POLICY = (
    "The new privacy law should make smart home makers keep data local. Where is Lumio on it?",
    "Right to repair matters for hubs too. Will the {product} get spare parts?",
    "Glad the energy rebate covers smart thermostats, hoping the {product} qualifies",
    "Government wants smart meters everywhere but nobody regulates what hubs collect",
)
TIPS = (
    "Tip: if {feature} gets stuck, hold the button on the {product} for 10 seconds and re-pair",
    "What worked for me: turn off battery saver for the app, then {feature} is instant",
    "Workaround for {feature}: create a scene first, then add the schedule to the scene",
)
ANSWERS = (
    "Try resetting {feature} from the app settings, that fixed it for me",
    "Yes, it works. You need to enable {feature} under Advanced first",
    "Same question here, following",
    "Support told me it is coming in {version}",
    "You can do it in the web dashboard, the app hides that option",
)
OUTAGE = (
    "Is the {product} down? Lights not responding {time}",
    "Lumio Hub offline for everyone or just me? Nothing works",
    "The hub is down, cannot turn off the heating. Terrible timing @LumioSupport",
    "Cloud outage again?? My automations all failed {time}",
    "Status page says all good but the {product} is offline. Frustrating",
    "Still no response from the {product}. Is anyone else seeing this outage?",
    "Woke up to a cold house because the hub is down. Unacceptable",
    "Not working: app says hub unreachable since {time}",
)
OUTAGE_RECOVERED = (
    "The hub is back online, thanks for the quick fix @LumioSupport",
    "Everything works again after the outage, good update on the status page",
)
PROMOTION = (
    "HomeArc is 40% off this week... tempting when my {product} keeps failing",
    "Saw the HomeArc sale, 40% off. Anyone switched from the {product}?",
    "HomeArc promo everywhere today. Is it better than the {product}?",
    "Thinking of switching to HomeArc with that 40% discount, {feature} is annoying me",
    "HomeArc at 40% off is a steal, but my automations all live on Lumio",
    "Friend just bought HomeArc on sale. I still prefer the {product}",
)
POPULAR_IDEA = (
    "Let scenes follow sunrise and sunset",
    "Please add a sunrise/sunset option to scenes so the porch lights follow the season. "
    "It would be great not to edit schedules every month.",
)
IDEA_SUPPORT = (
    "+1, need this for the porch lights",
    "Yes please! Editing schedules every month is a pain",
    "Would love this, {competitor} has it already",
    "This would be great for {place}",
    "Please add this, I would use it every day",
    "Voting for this. Sunset scenes would save me so much time",
)
ADVOCATE = (
    "Two years with the {product} and it is still the best gadget in the house. Highly recommend",
    "Made a short guide on {feature} for new owners, the {product} makes it easy",
    "Love how the team keeps improving {feature}. Great update in {version}",
    "If you are on the fence about the {product}: just do it, it is brilliant",
    "Great support again from @LumioSupport, fixed my {feature} question in minutes",
    "My favourite {product} trick: combine {feature} with a morning scene. Brilliant",
)
ADVOCATE_ANSWERS = (
    "Great question! Go to Settings > {feature} and turn on advanced mode, works perfectly",
    "Happy to help: re-pair {feature} from the app and it will be fine, it fixed mine",
    "Thanks for asking, this one is easy: the {product} needs the latest firmware for {feature}",
)
FOREIGN = {
    "es": (
        "El {product} es muy bueno, me encanta {feature}",
        "La app no funciona bien con {feature}, muy malo",
        "¿Alguien sabe si el {product} funciona con {feature}?",
    ),
    "fr": (
        "Le {product} est super, {feature} est parfait",
        "Encore une panne du {product}, {feature} ne marche pas",
        "Est-ce que le {product} fonctionne avec {feature} ?",
    ),
    "de": (
        "Der {product} ist sehr gut, {feature} ist toll",
        "Der {product} ist schon wieder kaputt, {feature} geht nicht",
        "Weiß jemand, ob der {product} mit {feature} funktioniert?",
    ),
}
REVIEW_TITLES = {
    "positive": (
        "Does what it says",
        "Great little hub",
        "Very happy",
        "Solid and simple",
        "Five stars from me",
    ),
    "negative": ("Disappointed", "Not worth it", "Keeps failing", "Needs work", "Frustrating"),
    "neutral": ("Okay so far", "Mixed feelings", "Decent", "Average", "It is fine"),
}
OPENERS = ("", "", "", "Update: ", "Quick one: ", "Honest review: ", "PSA: ", "Day 3: ")
CLOSERS = ("", "", "", " #lumio", " #smarthome", " ...", " #lumio #smarthome", " #iot")
EMOJI = {
    "positive": (" 🙂", " 👍", " 😍", " 🎉"),
    "negative": (" 😡", " 👎", " 😤"),
    "neutral": (" 🤔",),
}
EXTRAS = (
    "",
    "",
    "",
    "",
    " My partner agrees.",
    " Tested on two phones.",
    " We have 14 devices.",
    " Had it since spring.",
    " Using it with Thread bulbs.",
    " Happened twice now.",
    " Kids figured it out faster than me.",
    " See https://lumio.example/help for context.",
    " {count} devices here.",
    " Week {count} of owning it.",
    " Firmware {version}.",
    " On my {device}.",
    " Tried it in {place} too.",
    " Third time {time}.",
)
