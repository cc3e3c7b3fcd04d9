"""Vocabulary of the demo world: slot words, people's names, decorations, other languages.

Written for this project. Templates elsewhere name slots in braces, like {hub} or {feature};
the writer fills each slot with one of the options below, and an option may hold slots of
its own. Words that carry sentiment are kept out of the neutral slots so that a post's tone
comes from its template, which is what lets the demo's sentiment be read from its words.
"""

from __future__ import annotations


def lines(block: str) -> tuple[str, ...]:
    """One template per non-blank line; keeps long phrase banks readable and diff-friendly."""
    return tuple(line.strip() for line in block.strip().splitlines() if line.strip())


IDEA_URL_MARK = "<popular-idea-url>"

SLOTS: dict[str, tuple[str, ...]] = {
    "hub": (
        "the Lumio Hub",
        "the Lumio Hub",
        "the hub",
        "my Lumio Hub",
        "my hub",
        "our Lumio Hub",
        "the LumioHub",
        "my LumioHub",
    ),
    "hub_name": ("Lumio Hub", "Lumio Hub", "LumioHub"),
    "app": ("the Lumio app", "the app", "the Lumio mobile app", "Lumio App", "the Lumio App"),
    "competitor": ("Brightnest", "Brightnest", "Bright Nest", "HomeArc", "HomeArc", "Home Arc"),
    "feature": lines("""
        pairing
        the automation engine
        scene switching
        the battery backup
        automatic updates
        Zigbee support
        Thread support
        the voice assistant link
        setup
        the motion sensor
        geofencing
        the energy monitor
        the scheduler
        the door sensor
        remote access
        guest access
        local control
        Matter support
        the night light mode
        the away mode
    """),
    "app_feature": lines("""
        the widget
        the notification feed
        the login screen
        dark mode
        the scene editor
        the energy graph
        Face ID login
        the device list
        the setup wizard
        the automation builder
        the alert sound
        the camera view
        the room view
        the watch app
    """),
    "fix": lines("""
        hold the reset button for 10 seconds and pair it again
        remove the device in the app and pair it fresh
        turn off battery optimisation for the app
        move the hub a metre away from the router
        switch the Zigbee channel to 25
        update the firmware under Settings > Hub > Updates
        restart the hub from the app instead of pulling the plug
        log out of the app and back in
        rename the room first, then sync with {assistant}
        give the hub a fixed IP address on your router
        clear the app cache and reopen it
    """),
    "device": lines("""
        Pixel 8
        Pixel 7a
        iPhone 15
        iPhone 15 Pro
        iPhone 13 mini
        Galaxy S23
        Galaxy A54
        OnePlus 12
        iPad Air
        Moto G84
    """),
    "version": ("v3.1.0", "v3.1.2", "v3.2.0", "v3.2.1", "v3.2.1", "v3.2.4", "v3.3.0"),
    "place": lines("""
        our small hotel
        my classroom
        my elderly mother's flat
        the dental practice
        our Airbnb
        the church hall
        our holiday cabin
        the bakery
        a care home wing
        my grandad's bungalow
        the community centre
        our rental flats
        the village library
        my dad's workshop
    """),
    "person": lines("""
        my wife
        my husband
        my partner
        my grandad
        my dad
        my mum
        my flatmate
        my teenage son
        my daughter
        my gran
    """),
    "room": lines("""
        the living room
        the hallway
        the kids' room
        the garage
        the porch
        the kitchen
        the bedroom
        the office
        the garden
        the loft
    """),
    "time": lines("""
        this morning
        last night
        since 7am
        all weekend
        twice today
        since the update
        at dinner time
        an hour ago
    """),
    "ago": (
        "last month",
        "in January",
        "a year ago",
        "six months ago",
        "in the spring",
        "at Easter",
    ),
    "since": ("January", "the spring", "last summer", "Christmas", "2024", "launch day", "March"),
    "wait": ("three days", "a week", "48 hours", "two weeks", "five days", "ten days"),
    "n": ("2", "3", "4", "5", "6", "7", "8", "9", "11", "12", "14", "17", "20", "23"),
    "gadget": lines("""
        bulbs
        smart plugs
        motion sensors
        blinds
        radiator valves
        door sensors
        light strips
        switches
    """),
    "assistant": ("Alexa", "Google Home", "Siri", "Home Assistant"),
    "help_url": (
        "https://help.lumio.example/hub/pairing",
        "https://help.lumio.example/scenes",
        "https://help.lumio.example/app/notifications",
        "https://community.lumio.example/t/guide-zigbee-channels",
    ),
    "pic_url": (
        "https://pics.example/k3f9a",
        "https://pics.example/q81zd",
        "https://pics.example/m0x2r",
    ),
    "city": lines("""
        Leeds
        Lyon
        Austin
        Madrid
        Berlin
        Toronto
        Melbourne
        Dublin
        Rotterdam
        Denver
        Glasgow
        Porto
    """),
    "outage_time": lines("""
        since 6am
        this morning
        for three hours
        since breakfast
        all morning
        since I woke up
        for hours now
    """),
    "sun_use": lines("""
        the porch lights
        the garden lights
        the chicken coop door
        the blinds
        the hallway lamp
        the Christmas lights
        the shop sign
        the fish tank light
    """),
    "support": ("@LumioSupport",),
    "idea_url": (IDEA_URL_MARK,),
}

# Names grouped by culture, so that a first name and a family name usually belong together.
NAMES_BY_CULTURE: dict[str, tuple[tuple[str, ...], tuple[str, ...], int]] = {
    "english": (
        tuple("Emma Oliver Jack Chloe Harry Grace Liam Olivia Noah Ava Ethan Megan Sam".split()),
        tuple("Smith Taylor Brown Walker Hughes Murphy Price Bennett Collins Reid Shaw".split()),
        28,
    ),
    "spanish": (
        tuple("Lucía Mateo Sofía Diego Valentina Javier Camila Pablo Carmen Alejandro".split()),
        tuple("García Fernández López Martínez Ruiz Torres Navarro Romero Castillo".split()),
        9,
    ),
    "french": (
        tuple("Camille Louis Chloé Hugo Léa Julien Manon Théo Inès Mathieu".split()),
        tuple("Martin Dubois Moreau Laurent Lefèvre Girard Fournier Mercier Bonnet".split()),
        7,
    ),
    "german": (
        tuple("Lena Jonas Anna Felix Marie Lukas Hannah Tobias Sophie Jan".split()),
        tuple("Müller Schmidt Weber Fischer Becker Hoffmann Schäfer Koch Wagner".split()),
        7,
    ),
    "nordic": (
        tuple("Ingrid Lars Freya Mikkel Astrid Erik Sigrid Nils".split()),
        tuple("Larsen Nielsen Andersson Johansson Berg Lindqvist Halvorsen Virtanen".split()),
        4,
    ),
    "polish": (
        tuple("Katarzyna Tomasz Agnieszka Piotr Magda Paweł".split()),
        tuple("Nowak Kowalski Wiśniewska Zieliński Wójcik Kamińska".split()),
        3,
    ),
    "west_african": (
        tuple("Kwame Ama Chinedu Ngozi Kofi Adaeze Tunde Efua".split()),
        tuple("Mensah Okafor Adeyemi Boateng Nwosu Owusu Balogun Asante".split()),
        5,
    ),
    "indian": (
        tuple("Priya Arjun Ananya Rohan Kavya Vikram Meera Aditya Neha Rahul".split()),
        tuple("Sharma Patel Iyer Reddy Gupta Nair Singh Menon Kapoor".split()),
        8,
    ),
    "chinese": (
        tuple("Wei Mei Jun Xiu Hao Lin Yan Jie".split()),
        tuple("Wang Li Zhang Chen Liu Huang Zhao Wu".split()),
        5,
    ),
    "japanese": (
        tuple("Yuki Haruto Aiko Kenji Sakura Ren Hana Daiki".split()),
        tuple("Tanaka Sato Suzuki Takahashi Watanabe Ito Yamamoto Nakamura".split()),
        4,
    ),
    "korean": (
        tuple("Min-jun Seo-yeon Ji-ho Ha-eun Jae-won".split()),
        tuple("Kim Lee Park Choi Jung Kang".split()),
        3,
    ),
    "arabic": (
        tuple("Omar Layla Yusuf Amira Karim Nour Tariq Salma Hassan".split()),
        tuple("Haddad Khalil Mansour Nasser Saleh Aziz Farouk".split()),
        5,
    ),
    "turkish": (
        tuple("Emre Elif Mehmet Zeynep Can Ayşe".split()),
        tuple("Yılmaz Kaya Demir Şahin Çelik Aydın".split()),  # noqa: RUF001 - Turkish dotless i
        3,
    ),
    "italian": (
        tuple("Giulia Marco Francesca Luca Chiara Matteo".split()),
        tuple("Rossi Bianchi Romano Colombo Ricci Greco".split()),
        4,
    ),
    "portuguese": (
        tuple("João Ana Pedro Beatriz Rafael Mariana Thiago Larissa".split()),
        tuple("Silva Santos Oliveira Souza Costa Pereira Almeida".split()),
        5,
    ),
    "vietnamese": (
        tuple("Linh Minh Thảo Tuấn Hương".split()),
        tuple("Nguyen Tran Le Pham Hoang".split()),
        2,
    ),
    "dutch": (
        tuple("Sanne Daan Femke Bram Lotte Ruben".split()),
        tuple("Visser Jansen Bakker Smit Mulder Bos".split()),
        3,
    ),
}

HANDLE_STYLES = lines("""
    {first}{last}
    {first}_{last}
    {first}.{last}
    {first}{n}
    {i}{last}{n}
    the{first}
    {first}home
    {last}{i}
    smart{first}
    {first}builds
    {first}_{last}{n}
    {i}_{last}
    {last}house
    {first}tinkers
""")
EMAIL_DOMAINS = ("mail.example", "inbox.example", "post.example", "webmail.example")

# Decorations -------------------------------------------------------------------------------
CHIRP_OPENERS = ("Update: ", "PSA: ", "Ok so ", "Honestly, ", "Day {n}: ", "Hmm. ", "Reminder: ")
HASHTAGS = ("#lumio", "#lumio", "#smarthome", "#smarthome", "#homeautomation", "#lumiohub", "#IoT")
NEGATIVE_HASHTAGS = ("#fail", "#notsosmart", "#lumio")
EMOJI = {
    "positive": ("🙂", "👍", "😍", "🎉", "🙌", "✨", "💯"),
    "negative": ("😡", "👎", "😤", "🙄", "😩", "😒"),
    "neutral": ("🤔", "👀", "💡", "🏠"),
}
SUPPORT_MENTION = "@LumioSupport"

# Other languages: short posts, a handful of templates per tone --------------------------------
FOREIGN: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        "positive": lines("""
            Me encanta el {hub_name}, las escenas funcionan perfecto
            Excelente compra. La app es muy fácil de usar
            Llevo {n} meses con el {hub_name} y estoy muy contento, todo excelente
            La instalación fue rapidísima, excelente producto
            Genial la nueva versión {version}, va mucho más rápida
        """),
        "negative": lines("""
            La app no funciona bien con mis bombillas, muy malo
            El {hub_name} se desconecta cada noche. Horrible
            Desde la versión {version} todo va fatal, terrible
            El soporte tardó {n} días en responder. Muy malo
            Otra vez sin conexión con el {hub_name}. Qué desastre, terrible
        """),
        "neutral": lines("""
            ¿Alguien sabe si el {hub_name} funciona con {assistant}?
            ¿Cómo cambio la red wifi del {hub_name}?
            Pregunta: ¿la versión {version} tiene modo oscuro?
            Acabo de comprar el {hub_name}, mañana lo instalo
        """),
    },
    "fr": {
        "positive": lines("""
            Le {hub_name} est parfait, les scènes sont super
            Très content de l'appli, installation en dix minutes. Génial
            Super produit, je le recommande à tout le monde
            La version {version} est excellente, bravo à l'équipe
        """),
        "negative": lines("""
            Encore une panne du {hub_name}, rien ne marche. Nul
            L'appli plante depuis la {version}, c'est nul
            Le service client ne répond pas depuis {n} jours. Très déçu, nul
            Le {hub_name} perd la connexion tous les soirs. Panne sur panne
        """),
        "neutral": lines("""
            Est-ce que le {hub_name} fonctionne avec {assistant} ?
            Comment partager l'accès avec ma famille ?
            Je viens de recevoir le {hub_name}, installation ce week-end
            Quelqu'un a testé la version {version} sur {device} ?
        """),
    },
    "de": {
        "positive": lines("""
            Der {hub_name} ist toll, die Szenen laufen super
            Sehr zufrieden, die Einrichtung war in zehn Minuten erledigt. Prima
            Die App ist super, Version {version} läuft flüssig
            Klare Empfehlung, ich liebe die Automationen
        """),
        "negative": lines("""
            Der {hub_name} ist schon wieder offline, sehr schlecht
            Seit {version} ist die App kaputt. Schlecht
            Der Support antwortet seit {n} Tagen nicht. Schlecht
            Die Bewegungsmelder sind ständig kaputt, ich bin genervt
        """),
        "neutral": lines("""
            Weiß jemand, ob der {hub_name} mit {assistant} funktioniert?
            Wie setze ich den {hub_name} zurück?
            Heute den {hub_name} bekommen, am Wochenende wird eingerichtet
            Gibt es die Version {version} auch für das {device}?
        """),
    },
}
FOREIGN_DETAILS: dict[str, tuple[str, ...]] = {
    "es": (
        "Tengo {n} dispositivos.",
        "Uso un {device}.",
        "Lo tengo en el salón.",
        "Saludos desde {city}.",
    ),
    "fr": ("J'ai {n} appareils.", "Sur mon {device}.", "Installé dans le salon.", "Depuis {city}."),
    "de": (
        "Ich habe {n} Geräte.",
        "Auf meinem {device}.",
        "Steht im Wohnzimmer.",
        "Grüße aus {city}.",
    ),
}
# Titles of community threads in other languages: varied, so that few repeat.
FOREIGN_THREAD_TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        "positive": lines("""
            Muy contento con el hub
            Saludos desde {city}, todo perfecto
            Todo perfecto con {version}
            Excelente en mi {device}
        """),
        "negative": lines("""
            Problemas con {version}
            Decepcionado con el hub
            Fallos en mi {device}
            Desde {city}: nada funciona
        """),
        "neutral": lines("""
            Pregunta sobre {version}
            Duda desde {city}
            Consulta sobre mi {device}
            Pregunta sobre el hub
        """),
    },
    "fr": {
        "positive": lines("""
            Très content du hub
            Parfait depuis {version}
            Bravo depuis {city}
            Très bien sur mon {device}
        """),
        "negative": lines("""
            Problème avec {version}
            Déçu du hub
            Bugs sur mon {device}
            Depuis {city} : rien ne marche
        """),
        "neutral": lines("""
            Question sur {version}
            Question depuis {city}
            Le hub et mon {device}
            Petite question sur le hub
        """),
    },
    "de": {
        "positive": lines("""
            Sehr zufrieden mit dem Hub
            Super seit {version}
            Grüße aus {city}: alles gut
            Läuft toll auf dem {device}
        """),
        "negative": lines("""
            Probleme mit {version}
            Enttäuscht vom Hub
            Fehler auf dem {device}
            Aus {city}: nichts geht
        """),
        "neutral": lines("""
            Frage zu {version}
            Frage aus {city}
            Der Hub und mein {device}
            Kurze Frage zum Hub
        """),
    },
}
FOREIGN_TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "es": {
        "positive": ("Excelente", "Muy contento"),
        "negative": ("Muy malo", "Decepcionado"),
        "neutral": ("Pregunta", "Normal"),
    },
    "fr": {
        "positive": ("Parfait", "Très bien"),
        "negative": ("Nul", "Déçu"),
        "neutral": ("Question", "Correct"),
    },
    "de": {
        "positive": ("Super", "Sehr gut"),
        "negative": ("Schlecht", "Enttäuscht"),
        "neutral": ("Frage", "In Ordnung"),
    },
}
