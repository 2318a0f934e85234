"""The words of the demo site: a fictional South Philadelphia organization, in both languages.

Everything here is invented for demonstration; names, numbers, outlets and coalitions belong
to no real group. Each entry holds the English and the Spanish version side by side so that a
translator can check one against the other.
"""

ORGANIZATION = {
    "name": "Casa Vecinos Unidos",
    "tagline_en": "Neighbors defending neighbors in South Philadelphia",
    "tagline_es": "Vecinos que defienden a sus vecinos en el Sur de Filadelfia",
    "address": "South Philadelphia, PA",
    "contact_email": "hola@casavecinos.example",
    "contact_phone": "(215) 555-0142",
}

HOME = {
    "en": {
        "title": "Casa Vecinos Unidos",
        "slug": "home",
        "intro": (
            "<p>We are immigrant families in South Philadelphia who organize so that every "
            "neighbor knows their rights, nobody faces a raid alone and our children can "
            "learn without fear.</p>"
        ),
        "body": (
            "<p><b>Immigration agents on your block?</b> Call or text our rapid-response line "
            "at (215) 555-0142, day or night. A trained volunteer answers in Spanish or "
            "English.</p>"
        ),
    },
    "es": {
        "title": "Casa Vecinos Unidos",
        "slug": "inicio",
        "intro": (
            "<p>Somos familias inmigrantes del Sur de Filadelfia. Nos organizamos para que "
            "cada vecino conozca sus derechos, nadie enfrente una redada en soledad y "
            "nuestros hijos puedan estudiar sin miedo.</p>"
        ),
        "body": (
            "<p><b>¿Agentes de inmigración en su cuadra?</b> Llame o mande un mensaje a "
            "nuestra línea de respuesta rápida, (215) 555-0142, de día o de noche. Le atiende "
            "una persona voluntaria capacitada, en español o en inglés.</p>"
        ),
    },
}

ABOUT = {
    "en": {
        "title": "About us",
        "slug": "about",
        "intro": "A membership organization of immigrant families, led by its members.",
        "body": (
            "<p>Casa Vecinos Unidos started in 2012, when a few mothers from Mexico, Guatemala "
            "and Honduras began to meet after school pick-up to compare what each of them knew "
            "about their rights. Today several hundred families in South Philadelphia belong "
            "to it, and the people most affected by deportation, wage theft and policing lead "
            "it.</p>"
            "<p>We believe that those closest to a problem are closest to its solution. Our "
            "members choose our campaigns, teach our workshops and speak for themselves before "
            "City Council, the school district and the press.</p>"
            "<p>We are not a law office, and we keep no list of who is undocumented. What we "
            "build is trust between neighbors: the knowledge, the phone tree and the courage "
            "to act together when someone on our block is in danger.</p>"
            "<h2>How we are organized</h2>"
            "<p>A members' assembly meets on the first Sunday of every month and elects a "
            "leadership council of seven. A small paid staff supports more than a hundred "
            "volunteer leaders, block captains and trained responders.</p>"
        ),
    },
    "es": {
        "title": "Quiénes somos",
        "slug": "quienes-somos",
        "intro": "Una organización de familias inmigrantes, dirigida por sus integrantes.",
        "body": (
            "<p>Casa Vecinos Unidos nació en 2012, cuando unas cuantas madres de México, "
            "Guatemala y Honduras empezaron a reunirse a la salida de la escuela para comparar "
            "lo que cada una sabía sobre sus derechos. Hoy la integran varios cientos de "
            "familias del Sur de Filadelfia, y la dirigen las personas más afectadas por las "
            "deportaciones, el robo de salarios y la vigilancia policial.</p>"
            "<p>Creemos que quien vive un problema de cerca es quien mejor conoce su solución. "
            "Nuestros integrantes eligen las campañas, dan los talleres y hablan con su propia "
            "voz ante el Concejo Municipal, el distrito escolar y la prensa.</p>"
            "<p>No somos un despacho de abogados y no llevamos ninguna lista de quién tiene o "
            "no tiene papeles. Lo que construimos es confianza entre vecinos: el conocimiento, "
            "la cadena de llamadas y el valor para actuar juntos cuando alguien de la cuadra "
            "está en peligro.</p>"
            "<h2>Cómo nos organizamos</h2>"
            "<p>Una asamblea de integrantes se reúne el primer domingo de cada mes y elige un "
            "consejo directivo de siete personas. Un equipo pequeño de personal pagado apoya a "
            "más de cien líderes voluntarios, capitanes de cuadra y personas de respuesta "
            "rápida.</p>"
        ),
    },
}

WHAT_WE_DO = {
    "en": {
        "title": "What we do",
        "slug": "what-we-do",
        "intro": "Five kinds of work, one goal: that no family in our neighborhood stands alone.",
        "body": (
            "<h2>Know-Your-Rights workshops</h2>"
            "<p>Our member leaders have trained more than 500 families in church halls, "
            "laundromats and living rooms. Each workshop is practical: what to say and not say "
            "at the door, how to tell a judicial warrant from an administrative one, how to "
            "prepare a family plan and whom to call.</p>"
            "<h2>Community Resistance Zones</h2>"
            "<p>Block by block, neighbors sign up to look out for one another. Every person in "
            "a zone learns their rights and how to support a neighbor facing racial "
            "profiling, a police stop, an immigration raid or a hate crime. Block captains keep "
            "the phone tree alive.</p>"
            "<h2>Rapid response</h2>"
            "<p>Our hotline is answered around the clock. When a report comes in, a dispatcher "
            "confirms it before anything is sent, trained responders nearby go to witness and "
            "document, and the family gets accompaniment afterwards: legal referrals, rides to "
            "check-ins, groceries.</p>"
            "<h2>Workers' rights</h2>"
            "<p>Restaurant, construction and cleaning workers come to our weekly clinic to "
            "recover unpaid wages, report unsafe conditions and learn that labor law protects "
            "them whatever their papers say.</p>"
            "<h2>Education</h2>"
            "<p>Parents organize for schools where immigrant students are safe and welcome: "
            "interpretation at every meeting, no police or immigration agents on campus, and "
            "teachers who know what to do when a family is torn apart.</p>"
        ),
    },
    "es": {
        "title": "Lo que hacemos",
        "slug": "lo-que-hacemos",
        "intro": "Cinco áreas de trabajo y una meta: que ninguna familia del barrio esté sola.",
        "body": (
            "<h2>Talleres Conozca sus derechos</h2>"
            "<p>Nuestros líderes han capacitado a más de 500 familias en salones parroquiales, "
            "lavanderías y salas de casa. Cada taller es práctico: qué decir y qué no decir en "
            "la puerta, cómo distinguir una orden judicial de una orden administrativa, cómo "
            "preparar un plan familiar y a quién llamar.</p>"
            "<h2>Zonas de Resistencia Comunitaria</h2>"
            "<p>Cuadra por cuadra, los vecinos se inscriben para cuidarse unos a otros. Cada "
            "persona de una zona aprende sus derechos y cómo apoyar a un vecino que sufre "
            "perfilamiento racial, una detención policial, una redada migratoria o un crimen de "
            "odio. Los capitanes de cuadra mantienen viva la cadena de llamadas.</p>"
            "<h2>Respuesta rápida</h2>"
            "<p>Nuestra línea contesta las 24 horas. Cuando llega un reporte, una persona de "
            "despacho lo confirma antes de avisar a nadie; los voluntarios capacitados que "
            "están cerca acuden a observar y documentar, y después acompañamos a la familia "
            "con referencias legales, transporte a sus citas y despensa.</p>"
            "<h2>Derechos laborales</h2>"
            "<p>Trabajadores de restaurantes, construcción y limpieza vienen a nuestra clínica "
            "semanal para recuperar salarios no pagados, denunciar condiciones peligrosas y "
            "saber que la ley laboral los protege, tengan o no papeles.</p>"
            "<h2>Educación</h2>"
            "<p>Madres y padres se organizan por escuelas donde el alumnado inmigrante esté "
            "seguro y sea bienvenido: interpretación en cada reunión, nada de policía ni de "
            "agentes de inmigración en los planteles, y maestros que sepan qué hacer cuando "
            "una familia es separada.</p>"
        ),
    },
}

PRIVACY = {
    "en": {
        "title": "Our privacy promise",
        "slug": "privacy",
        "intro": "What we keep about the people who reach us, and what we never keep.",
        "body": (
            "<p>This site sets no tracking cookies, loads nothing from other companies and "
            "does not record your IP address.</p>"
            "<p>When you sign up, register for a workshop or call the hotline, we keep only what "
            "we need to help you, encrypted, and we erase it on a fixed schedule. We never ask "
            "about immigration status, and we never share what you tell us with the police or "
            "immigration authorities.</p>"
        ),
    },
    "es": {
        "title": "Nuestra promesa de privacidad",
        "slug": "privacidad",
        "intro": "Qué guardamos de quienes nos contactan y qué no guardamos nunca.",
        "body": (
            "<p>Este sitio no usa cookies de rastreo, no carga nada de otras empresas y no "
            "registra su dirección IP.</p>"
            "<p>Cuando usted se inscribe, se registra en un taller o llama a la línea, guardamos "
            "solo lo necesario para ayudarle, cifrado, y lo borramos en un plazo fijo. Nunca "
            "preguntamos por el estatus migratorio y nunca compartimos lo que nos cuenta con "
            "la policía ni con las autoridades de inmigración.</p>"
        ),
    },
}

SECTIONS = {
    "news": {
        "en": {
            "title": "News and statements",
            "slug": "news",
            "intro": "What we are doing, and where we stand.",
        },
        "es": {
            "title": "Noticias y comunicados",
            "slug": "noticias",
            "intro": "Lo que estamos haciendo y lo que defendemos.",
        },
    },
    "publications": {
        "en": {
            "title": "Publications",
            "slug": "publications",
            "intro": "Reports written from what our members live and what our hotline records.",
        },
        "es": {
            "title": "Publicaciones",
            "slug": "publicaciones",
            "intro": "Informes escritos a partir de lo que viven nuestros integrantes y de lo "
            "que registra nuestra línea.",
        },
    },
    "press": {
        "en": {
            "title": "Press",
            "slug": "press",
            "intro": "What newspapers and radio have said about our work.",
        },
        "es": {
            "title": "Prensa",
            "slug": "prensa",
            "intro": "Lo que han dicho los periódicos y la radio sobre nuestro trabajo.",
        },
    },
    "testimony": {
        "en": {
            "title": "Testimony",
            "slug": "testimony",
            "intro": "What our members and staff have told City Council and other public bodies.",
        },
        "es": {
            "title": "Testimonios",
            "slug": "testimonios",
            "intro": "Lo que nuestros integrantes y personal han declarado ante el Concejo "
            "Municipal y otros organismos públicos.",
        },
    },
}

# days_ago keeps the demo looking current whenever it is loaded.
NEWS = [
    {
        "kind": "news",
        "days_ago": 4,
        "en": {
            "title": "More than 500 families have now taken a Know-Your-Rights workshop",
            "slug": "500-families-trained",
            "summary": "A milestone reached one kitchen table at a time.",
            "body": (
                "<p>Last Saturday, in the basement of a church on Morris Street, the five "
                "hundredth family completed our Know-Your-Rights workshop. Most of them were "
                "trained not by staff but by neighbors who took the same workshop a year or two "
                "ago and then learned to teach it.</p>"
                "<p>Families leave with a card in their wallet, a family plan and the hotline "
                "number. More importantly, they leave knowing that they do not have to open the "
                "door.</p>"
            ),
        },
        "es": {
            "title": "Ya son más de 500 las familias que tomaron un taller Conozca sus derechos",
            "slug": "500-familias-capacitadas",
            "summary": "Una meta alcanzada de mesa en mesa, de cocina en cocina.",
            "body": (
                "<p>El sábado pasado, en el sótano de una iglesia de la calle Morris, la familia "
                "número quinientos terminó nuestro taller Conozca sus derechos. A la mayoría no "
                "la capacitó el personal, sino vecinos que tomaron el mismo taller hace uno o "
                "dos años y después aprendieron a darlo.</p>"
                "<p>Las familias se llevan una tarjeta para la cartera, un plan familiar y el "
                "número de la línea. Sobre todo, se van sabiendo que no tienen por qué abrir la "
                "puerta.</p>"
            ),
        },
    },
    {
        "kind": "news",
        "days_ago": 11,
        "en": {
            "title": "Three more blocks join the Community Resistance Zone",
            "slug": "three-more-blocks",
            "summary": "Neighbors near the Italian Market signed up door to door.",
            "body": (
                "<p>Over four weekends, volunteers knocked on every door of three blocks near "
                "the Italian Market. Sixty-two neighbors signed up, and each block chose its own "
                "captain.</p>"
                "<p>New members are invited to a welcome session where they practice what to do "
                "if agents show up on the block, and how to record safely from the sidewalk.</p>"
            ),
        },
        "es": {
            "title": "Tres cuadras más se suman a la Zona de Resistencia Comunitaria",
            "slug": "tres-cuadras-mas",
            "summary": "Vecinos cerca del Mercado Italiano se inscribieron puerta por puerta.",
            "body": (
                "<p>Durante cuatro fines de semana, voluntarios tocaron cada puerta de tres "
                "cuadras cerca del Mercado Italiano. Se inscribieron sesenta y dos vecinos, y "
                "cada cuadra eligió a su capitán.</p>"
                "<p>Invitamos a los nuevos integrantes a una sesión de bienvenida para practicar "
                "qué hacer si llegan agentes a la cuadra y cómo grabar con seguridad desde la "
                "banqueta.</p>"
            ),
        },
    },
    {
        "kind": "news",
        "days_ago": 19,
        "en": {
            "title": "Our hotline now has two dispatchers on weekend nights",
            "slug": "weekend-dispatchers",
            "summary": "Most calls arrive on Friday and Saturday nights; now so do more of us.",
            "body": (
                "<p>When we looked at a year of calls, a pattern was plain: the busiest hours "
                "are late on Fridays and Saturdays. From this month, two trained dispatchers "
                "share every weekend night shift, so that no report waits while another is "
                "being confirmed.</p>"
                "<p>Twelve volunteers completed dispatcher training to make this possible.</p>"
            ),
        },
        "es": {
            "title": "Nuestra línea ya tiene dos personas de despacho las noches de fin de semana",
            "slug": "despacho-fin-de-semana",
            "summary": "La mayoría de las llamadas llega viernes y sábado en la noche; ahora "
            "también llegamos más de nosotros.",
            "body": (
                "<p>Al revisar un año de llamadas, el patrón quedó claro: las horas de más "
                "trabajo son tarde los viernes y los sábados. Desde este mes, dos personas de "
                "despacho capacitadas comparten cada turno nocturno de fin de semana, para que "
                "ningún reporte espere mientras se confirma otro.</p>"
                "<p>Doce voluntarios terminaron la capacitación de despacho para hacerlo "
                "posible.</p>"
            ),
        },
    },
    {
        "kind": "news",
        "days_ago": 33,
        "en": {
            "title": "Workers recover $48,000 in unpaid wages",
            "slug": "unpaid-wages-recovered",
            "summary": "Nine kitchen workers won back pay after organizing together.",
            "body": (
                "<p>Nine cooks and dishwashers from two restaurants came to our Tuesday clinic "
                "with pay stubs that did not add up. After a demand letter, a picket and a "
                "complaint to the state, their employers agreed to pay what they owed.</p>"
                "<p>The clinic is open every Tuesday evening. Bring whatever records you have; "
                "nobody will ask about your papers.</p>"
            ),
        },
        "es": {
            "title": "Trabajadores recuperan 48.000 dólares de salarios no pagados",
            "slug": "salarios-recuperados",
            "summary": "Nueve trabajadores de cocina ganaron sus pagos atrasados organizándose.",
            "body": (
                "<p>Nueve cocineros y lavaplatos de dos restaurantes llegaron a nuestra clínica "
                "de los martes con talones de pago que no cuadraban. Después de una carta de "
                "exigencia, un piquete y una queja ante el estado, los patrones aceptaron pagar "
                "lo que debían.</p>"
                "<p>La clínica abre todos los martes en la tarde. Traiga los papeles que tenga; "
                "nadie le preguntará por su estatus.</p>"
            ),
        },
    },
    {
        "kind": "news",
        "days_ago": 47,
        "en": {
            "title": "Back-to-school night: rights and plans for parents",
            "slug": "back-to-school-night",
            "summary": "Parents from four schools prepared family plans together.",
            "body": (
                "<p>More than eighty parents from four neighborhood schools spent an evening "
                "with us preparing for the year: who picks up the children if a parent is "
                "detained, which papers to keep together, and what the school may and may not "
                "share.</p>"
                "<p>Interpreters worked in Spanish, K'iche' and Vietnamese.</p>"
            ),
        },
        "es": {
            "title": "Noche de regreso a clases: derechos y planes para madres y padres",
            "slug": "noche-regreso-a-clases",
            "summary": "Familias de cuatro escuelas prepararon juntas sus planes familiares.",
            "body": (
                "<p>Más de ochenta madres y padres de cuatro escuelas del barrio pasaron una "
                "noche con nosotros preparándose para el año: quién recoge a los niños si "
                "detienen a un padre, qué papeles tener juntos y qué puede y qué no puede "
                "compartir la escuela.</p>"
                "<p>Hubo interpretación al español, al k'iche' y al vietnamita.</p>"
            ),
        },
    },
    {
        "kind": "news",
        "days_ago": 60,
        "en": {
            "title": "Become a rapid responder: training starts next month",
            "slug": "become-a-responder",
            "summary": "Three evenings to learn how to witness, document and accompany.",
            "body": (
                "<p>Rapid responders are neighbors who go, when called, to witness an "
                "immigration action, document what happens and stay with the family. The "
                "training takes three evenings and a practice drill.</p>"
                "<p>You do not need papers, a car or experience, only calm and the will to show "
                "up. Ask your block captain or call the office to sign up.</p>"
            ),
        },
        "es": {
            "title": "Hazte persona de respuesta rápida: la capacitación empieza el próximo mes",
            "slug": "respuesta-rapida-capacitacion",
            "summary": "Tres noches para aprender a observar, documentar y acompañar.",
            "body": (
                "<p>Las personas de respuesta rápida son vecinos que acuden, cuando se les "
                "llama, a observar una acción migratoria, documentar lo que pasa y quedarse con "
                "la familia. La capacitación dura tres noches y un simulacro.</p>"
                "<p>No necesita papeles, carro ni experiencia: solo calma y ganas de estar "
                "presente. Pregunte a su capitán de cuadra o llame a la oficina para "
                "inscribirse.</p>"
            ),
        },
    },
]

STATEMENTS = [
    {
        "kind": "statement",
        "days_ago": 2,
        "co_signers": [
            ("Philadelphia Coalition for Immigrant Dignity", "https://dignity-coalition.example/"),
            ("Frente Obrero del Sur", ""),
            ("Interfaith Neighbors Network", "https://interfaith-neighbors.example/"),
            ("Madres Sin Fronteras Philadelphia", ""),
        ],
        "en": {
            "title": "Statement on this week's immigration raids in South Philadelphia",
            "slug": "statement-on-this-weeks-raids",
            "summary": "Agents entered homes without judicial warrants. We demand that it stop.",
            "body": (
                "<p>Between Monday and Thursday, our hotline confirmed immigration agents at "
                "eleven homes and two workplaces in South Philadelphia. In several homes agents "
                "entered without a warrant signed by a judge, and in one they questioned a "
                "teenager while his parents were away.</p>"
                "<p>Our responders were there within minutes, and every family has been "
                "accompanied since. We call on the Mayor and City Council to make clear that no "
                "city employee will help these operations, and we remind every neighbor: you "
                "do not have to open the door, and you have the right to remain silent.</p>"
            ),
        },
        "es": {
            "title": "Comunicado sobre las redadas migratorias de esta semana en el Sur de "
            "Filadelfia",
            "slug": "comunicado-redadas-esta-semana",
            "summary": "Agentes entraron a hogares sin orden judicial. Exigimos que se detenga.",
            "body": (
                "<p>Entre el lunes y el jueves, nuestra línea confirmó la presencia de agentes de "
                "inmigración en once hogares y dos lugares de trabajo del Sur de Filadelfia. En "
                "varias casas entraron sin una orden firmada por un juez, y en una interrogaron "
                "a un adolescente mientras sus padres no estaban.</p>"
                "<p>Nuestros voluntarios llegaron en minutos y desde entonces acompañamos a "
                "cada familia. Pedimos a la alcaldía y al Concejo Municipal que dejen claro que "
                "ningún empleado de la ciudad ayudará en estos operativos, y recordamos a cada "
                "vecino: no tiene que abrir la puerta y tiene derecho a guardar silencio.</p>"
            ),
        },
    },
    {
        "kind": "statement",
        "days_ago": 26,
        "co_signers": [
            ("Coalition for Data Justice", "https://datajustice.example/"),
            ("South Philly Tenants Union", ""),
            ("Delaware Valley Legal Aid Collective", "https://dvlac.example/"),
        ],
        "en": {
            "title": "Police data must never become a deportation tool",
            "slug": "police-data-and-deportation",
            "summary": "We ask the city to guarantee in law that its databases stay closed to ICE.",
            "body": (
                "<p>Years ago, our members learned that immigration agents could search a "
                "regional police database for names and addresses. Organizing ended that "
                "access. Now a proposed regional data-sharing agreement could open the same door "
                "again.</p>"
                "<p>A promise is not enough. We ask City Council to write into law that no city "
                "database, contract or vendor may give immigration authorities information "
                "about residents, and that every request for such data be reported publicly.</p>"
            ),
        },
        "es": {
            "title": "Los datos policiales nunca deben servir para deportar",
            "slug": "datos-policiales-y-deportacion",
            "summary": "Pedimos a la ciudad que garantice por ley que sus bases de datos sigan "
            "cerradas para ICE.",
            "body": (
                "<p>Hace años, nuestros integrantes descubrieron que agentes de inmigración "
                "podían buscar nombres y direcciones en una base de datos policial regional. La "
                "organización logró cortar ese acceso. Ahora, una propuesta de acuerdo regional "
                "para compartir datos podría abrir otra vez la misma puerta.</p>"
                "<p>Una promesa no basta. Pedimos al Concejo Municipal que establezca por ley "
                "que ninguna base de datos, contrato o proveedor de la ciudad pueda dar a las "
                "autoridades migratorias información sobre sus residentes, y que toda solicitud "
                "de esos datos se informe públicamente.</p>"
            ),
        },
    },
    {
        "kind": "statement",
        "days_ago": 40,
        "co_signers": [],
        "en": {
            "title": "We stand with the family of our neighbor detained at his check-in",
            "slug": "we-stand-with-the-family",
            "summary": "A father of three went to a routine appointment and did not come home.",
            "body": (
                "<p>On Tuesday a member of our community, a father of three who has lived on "
                "the same block for fifteen years, was detained at a routine immigration "
                "check-in. He had never missed one.</p>"
                "<p>His family has asked us to share their gratitude for the meals, rides and "
                "calls they have received. We ask everyone to respect their privacy and to join "
                "the vigil on Friday evening.</p>"
            ),
        },
        "es": {
            "title": "Acompañamos a la familia de nuestro vecino detenido en su cita de control",
            "slug": "acompanamos-a-la-familia",
            "summary": "Un padre de tres hijos fue a una cita de rutina y no volvió a casa.",
            "body": (
                "<p>El martes, un integrante de nuestra comunidad, padre de tres hijos que vive "
                "en la misma cuadra desde hace quince años, fue detenido en una cita de control "
                "migratorio de rutina. Nunca había faltado a ninguna.</p>"
                "<p>Su familia nos pidió agradecer las comidas, los viajes y las llamadas que ha "
                "recibido. Pedimos a todos respetar su privacidad y acompañarnos en la vigilia "
                "del viernes en la tarde.</p>"
            ),
        },
    },
]

PUBLICATION = {
    "days_ago": 15,
    "en": {
        "title": "Behind the Door: Immigration Enforcement at Home in South Philadelphia",
        "slug": "behind-the-door",
        "authors": "Research committee of Casa Vecinos Unidos",
        "summary": (
            "<p>Over twelve months our hotline confirmed 68 immigration enforcement actions in "
            "South Philadelphia. This report looks at the 52 that took place at people's homes: "
            "how agents got in, who was there and what made a difference.</p>"
        ),
        "summary_pdf": [
            "Over twelve months our rapid-response hotline received 212 calls and confirmed 68 "
            "immigration enforcement actions in South Philadelphia. Fifty-two of them took "
            "place at people's homes. This report looks at those 52 visits: how agents got in, "
            "who was present, how long our responders took to arrive and what made a "
            "difference for the families.",
            "The figures come from the hotline's own records, counted by the research committee "
            "after personal details had been removed. No family is named, no address is given "
            "and every count smaller than five is reported as 'fewer than five'.",
            "The picture is consistent: most home visits happen at dawn, most are carried out "
            "without a warrant signed by a judge, and families who know their rights keep "
            "their door closed far more often than those who do not.",
        ],
        "key_findings": [
            "In 41 of the 52 home visits, agents had no warrant signed by a judge.",
            "Families who had attended a Know-Your-Rights workshop kept the door closed nine "
            "times out of ten; other families, fewer than half of the time.",
            "Children were present in one home visit out of three.",
            "Trained responders reached the scene in 19 minutes on average.",
            "Most home visits began between 5 and 7 in the morning.",
        ],
        "recommendations": [
            "City Council should bar every city agency and contractor from sharing residents' "
            "information with immigration authorities.",
            "The school district should adopt a written plan for children whose parents are "
            "detained during the school day.",
            "Know-Your-Rights training should reach every block in the neighborhood.",
        ],
        "pdf_labels": {
            "subtitle": "A report on twelve months of rapid-response records",
            "summary": "Summary",
            "findings": "Key findings",
            "recommendations": "Recommendations",
            "page": "Page",
        },
    },
    "es": {
        "title": "Detrás de la puerta: operativos migratorios en los hogares del Sur de Filadelfia",
        "slug": "detras-de-la-puerta",
        "authors": "Comité de investigación de Casa Vecinos Unidos",
        "summary": (
            "<p>En doce meses, nuestra línea confirmó 68 acciones de control migratorio en el "
            "Sur de Filadelfia. Este informe examina las 52 que ocurrieron en hogares: cómo "
            "entraron los agentes, quién estaba presente y qué marcó la diferencia.</p>"
        ),
        "summary_pdf": [
            "En doce meses, nuestra línea de respuesta rápida recibió 212 llamadas y confirmó 68 "
            "acciones de control migratorio en el Sur de Filadelfia. Cincuenta y dos ocurrieron "
            "en hogares. Este informe examina esas 52 visitas: cómo entraron los agentes, quién "
            "estaba presente, cuánto tardaron en llegar nuestros voluntarios y qué marcó la "
            "diferencia para las familias.",
            "Las cifras provienen de los registros de la propia línea, contados por el comité de "
            "investigación después de eliminar los datos personales. No se nombra a ninguna "
            "familia, no se da ninguna dirección y toda cifra menor que cinco aparece como "
            "'menos de cinco'.",
            "El panorama es constante: la mayoría de las visitas ocurre al amanecer, la mayoría "
            "se hace sin una orden firmada por un juez, y las familias que conocen sus derechos "
            "mantienen la puerta cerrada mucho más a menudo que las que no.",
        ],
        "key_findings": [
            "En 41 de las 52 visitas a hogares, los agentes no tenían una orden firmada por un "
            "juez.",
            "Las familias que habían tomado un taller Conozca sus derechos mantuvieron la puerta "
            "cerrada nueve de cada diez veces; las demás, menos de la mitad de las veces.",
            "Había niños presentes en una de cada tres visitas.",
            "Los voluntarios de respuesta rápida llegaron en 19 minutos en promedio.",
            "La mayoría de las visitas empezó entre las 5 y las 7 de la mañana.",
        ],
        "recommendations": [
            "El Concejo Municipal debe prohibir que cualquier dependencia o contratista de la "
            "ciudad comparta información de sus residentes con las autoridades migratorias.",
            "El distrito escolar debe adoptar un plan escrito para los niños cuyos padres sean "
            "detenidos durante el horario escolar.",
            "Los talleres Conozca sus derechos deben llegar a cada cuadra del barrio.",
        ],
        "pdf_labels": {
            "subtitle": "Un informe sobre doce meses de registros de respuesta rápida",
            "summary": "Resumen",
            "findings": "Hallazgos principales",
            "recommendations": "Recomendaciones",
            "page": "Página",
        },
    },
}

PRESS = [
    {
        "days_ago": 6,
        "outlet": "The South Philly Ledger",
        "external_url": "https://southphillyledger.example/2026/neighbours-train-each-other",
        "en": {
            "title": "Neighbors train each other to face immigration raids",
            "slug": "neighbours-train-each-other",
            "excerpt": (
                "In a church basement on a Saturday morning, a grandmother explains to forty "
                "people the difference between two kinds of warrant. A year ago she was the one "
                "asking the questions."
            ),
        },
        "es": {
            "title": "Vecinos se capacitan entre sí para enfrentar las redadas",
            "slug": "vecinos-se-capacitan",
            "excerpt": (
                "En el sótano de una iglesia, un sábado por la mañana, una abuela explica a "
                "cuarenta personas la diferencia entre dos tipos de orden. Hace un año, ella era "
                "quien hacía las preguntas. (Nota original en inglés.)"
            ),
        },
    },
    {
        "days_ago": 21,
        "outlet": "Radio Comunidad 1340 AM",
        "external_url": "",
        "en": {
            "title": "Radio interview: what to do if immigration agents knock",
            "slug": "radio-interview-if-agents-knock",
            "excerpt": (
                "Our organizer answered listeners' calls for an hour: can agents enter without "
                "a judge's warrant, what to do at work, and how to prepare a family plan. "
                "(Broadcast in Spanish.)"
            ),
        },
        "es": {
            "title": "Entrevista de radio: qué hacer si tocan agentes de inmigración",
            "slug": "entrevista-radio-si-tocan-agentes",
            "excerpt": (
                "Nuestra organizadora respondió durante una hora las llamadas del público: si "
                "los agentes pueden entrar sin orden de un juez, qué hacer en el trabajo y cómo "
                "preparar un plan familiar."
            ),
        },
    },
    {
        "days_ago": 29,
        "outlet": "Philadelphia Metro Weekly",
        "external_url": "https://metroweekly.example/news/council-data-sharing",
        "en": {
            "title": "Advocates press Council to keep city data away from ICE",
            "slug": "advocates-press-council-on-data",
            "excerpt": (
                "Organizers from South Philadelphia filled the hearing room and asked for a law, "
                "not a policy, that would keep residents' records out of federal hands."
            ),
        },
        "es": {
            "title": "Organizaciones presionan al Concejo para mantener los datos de la ciudad "
            "lejos de ICE",
            "slug": "presion-al-concejo-sobre-datos",
            "excerpt": (
                "Organizadores del Sur de Filadelfia llenaron la sala de audiencias y pidieron "
                "una ley, y no solo una política, que mantenga los registros de los residentes "
                "fuera del alcance federal. (Nota original en inglés.)"
            ),
        },
    },
]

TESTIMONIES = [
    {
        "days_ago": 27,
        "en": {
            "title": "Testimony on police data and immigration enforcement",
            "slug": "police-data-and-immigration-enforcement",
            "hearing": "City Council Committee on Public Safety",
            "speaker": "Rosa Elena Márquez, lead organizer, Casa Vecinos Unidos",
            "testimony": (
                "<p>Good morning, Chair and members of the Committee. My name is Rosa Elena "
                "Márquez and I organize with immigrant families in South Philadelphia.</p>"
                "<p>Every week our hotline hears from a parent who is afraid to call the police "
                "after a robbery, afraid to take a child to the emergency room, afraid to report "
                "a landlord. They are afraid because they know that information given to one "
                "agency can travel to another.</p>"
                "<p>This city already decided once that its police records must not be used to "
                "deport its residents. We ask you to make that decision permanent: put it in "
                "law, cover every contractor and every new system, and publish every request "
                "that immigration authorities make. Thank you.</p>"
            ),
        },
        "es": {
            "title": "Testimonio sobre los datos policiales y el control migratorio",
            "slug": "datos-policiales-y-control-migratorio",
            "hearing": "Comité de Seguridad Pública del Concejo Municipal",
            "speaker": "Rosa Elena Márquez, organizadora principal, Casa Vecinos Unidos",
            "testimony": (
                "<p>Buenos días, señora presidenta y miembros del Comité. Me llamo Rosa Elena "
                "Márquez y trabajo organizando a familias inmigrantes del Sur de Filadelfia.</p>"
                "<p>Cada semana nuestra línea recibe la llamada de una madre o un padre que tiene "
                "miedo de llamar a la policía después de un robo, de llevar a su hijo a "
                "urgencias o de denunciar a un casero. Tienen miedo porque saben que lo que se "
                "le dice a una dependencia puede llegar a otra.</p>"
                "<p>Esta ciudad ya decidió una vez que sus registros policiales no deben usarse "
                "para deportar a sus residentes. Les pedimos que esa decisión sea permanente: "
                "que quede en la ley, que incluya a cada contratista y cada sistema nuevo, y que "
                "se publique toda solicitud que hagan las autoridades migratorias. Gracias.</p>"
            ),
        },
    },
    {
        "days_ago": 52,
        "en": {
            "title": "Testimony on safe schools for immigrant students",
            "slug": "safe-schools-for-immigrant-students",
            "hearing": "City Council Committee on Education",
            "speaker": "",
            "testimony": (
                "<p>I am a mother of two children in a public school in South Philadelphia. I am "
                "not giving my name because I am afraid, and that is why I am here.</p>"
                "<p>Last spring my son came home and told me that a classmate's father had been "
                "taken that morning. Nobody at school knew who should pick the girl up. She "
                "waited in the office until seven in the evening.</p>"
                "<p>We ask for three things: a written plan in every school for children whose "
                "parents are detained, interpretation at every meeting, and a promise that no "
                "immigration agent will be allowed on school grounds.</p>"
            ),
        },
        "es": {
            "title": "Testimonio sobre escuelas seguras para el alumnado inmigrante",
            "slug": "escuelas-seguras-alumnado-inmigrante",
            "hearing": "Comité de Educación del Concejo Municipal",
            "speaker": "",
            "testimony": (
                "<p>Soy madre de dos niños que estudian en una escuela pública del Sur de "
                "Filadelfia. No digo mi nombre porque tengo miedo, y por eso estoy aquí.</p>"
                "<p>La primavera pasada mi hijo llegó a casa y me contó que esa mañana se habían "
                "llevado al papá de una compañera. Nadie en la escuela sabía quién debía recoger "
                "a la niña. Esperó en la oficina hasta las siete de la noche.</p>"
                "<p>Pedimos tres cosas: un plan escrito en cada escuela para los niños cuyos "
                "padres sean detenidos, interpretación en cada reunión y el compromiso de que "
                "no se permitirá la entrada de agentes de inmigración a las escuelas.</p>"
            ),
        },
    },
]
