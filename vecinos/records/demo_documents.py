"""The demo archive's agencies, requests and documents: fictional records, plausible in form.

Each document is a list of blocks rendered into a real PDF by vecinos.records.demo:
("h", heading), ("p", paragraph), ("meta", a memo header line), ("table", rows with a header
row first), ("redacted", label of a blacked-out passage) and ("page",) for a page break.
Names of officials and residents are absent or redacted, as they would be in a release.
"""

AGENCIES = {
    "ppd": {
        "en": ("Philadelphia Police Department", "PPD", "City of Philadelphia"),
        "es": ("Departamento de Policía de Filadelfia", "PPD", "Ciudad de Filadelfia"),
    },
    "doc": {
        "en": ("Pennsylvania Department of Corrections", "DOC", "Commonwealth of Pennsylvania"),
        "es": ("Departamento de Correccionales de Pensilvania", "DOC", "Estado de Pensilvania"),
    },
    "ice": {
        "en": (
            "U.S. Immigration and Customs Enforcement, Philadelphia Field Office",
            "ICE",
            "Federal government",
        ),
        "es": (
            "Servicio de Inmigración y Control de Aduanas, Oficina de Campo de Filadelfia",
            "ICE",
            "Gobierno federal",
        ),
    },
    "oia": {
        "en": ("Office of Immigrant Affairs", "OIA", "City of Philadelphia"),
        "es": ("Oficina de Asuntos de Inmigrantes", "OIA", "Ciudad de Filadelfia"),
    },
}

# key: (agency, law, reference number, date filed, {language: (title, summary)})
REQUESTS = {
    "detainers": (
        "ppd",
        "pa-rtkl",
        "PPD-RTK-2024-0217",
        "2024-03-04",
        {
            "en": (
                "How the police department handles ICE detainer requests",
                "We asked for the written policy on immigration detainers, the training given "
                "to officers about it, a year of detainer logs and the messages exchanged when "
                "a detainer arrived.",
            ),
            "es": (
                "Cómo la policía tramita las solicitudes de retención (detainers) de ICE",
                "Pedimos la política escrita sobre las solicitudes de retención migratoria, la "
                "capacitación que reciben los agentes, un año de registros y los mensajes que "
                "se intercambiaron cuando llegó una solicitud.",
            ),
        },
    ),
    "database": (
        "ppd",
        "pa-rtkl",
        "PPD-RTK-2024-0388",
        "2024-05-20",
        {
            "en": (
                "Outside access to the arrest-records database and the vendor contract",
                "Who outside the city could look up arrest records, under which contract, and "
                "how that access was audited and finally closed.",
            ),
            "es": (
                "Acceso externo a la base de datos de arrestos y contrato con el proveedor",
                "Quién fuera de la ciudad podía consultar los registros de arrestos, bajo qué "
                "contrato, y cómo se auditó y finalmente se cerró ese acceso.",
            ),
        },
    ),
    "transfers": (
        "doc",
        "pa-rtkl",
        "DOC-RTK-1142-24",
        "2024-06-11",
        {
            "en": (
                "Transfers from state prisons to ICE custody",
                "Procedures and monthly counts for people released from state prisons straight "
                "into the custody of immigration agents, and the notices they receive.",
            ),
            "es": (
                "Traslados de cárceles estatales a la custodia de ICE",
                "Procedimientos y cifras mensuales de personas que salen de cárceles estatales "
                "directamente a la custodia de agentes de inmigración, y los avisos que reciben.",
            ),
        },
    ),
    "arrests": (
        "ice",
        "foia",
        "2024-ICFO-31876",
        "2024-01-22",
        {
            "en": (
                "At-large arrests by the Philadelphia Field Office",
                "Arrests made by ICE in homes, streets and workplaces of Philadelphia County: "
                "monthly figures, operation plans and guidance on arresting bystanders.",
            ),
            "es": (
                "Arrestos en la comunidad realizados por la Oficina de Campo de Filadelfia",
                "Arrestos de ICE en casas, calles y lugares de trabajo del condado de "
                "Filadelfia: cifras mensuales, planes de operativos y pautas sobre el arresto "
                "de personas presentes.",
            ),
        },
    ),
    "language": (
        "oia",
        "pa-rtkl",
        "OIA-RTK-2024-009",
        "2024-08-02",
        {
            "en": (
                "Language access and community meetings of the Office of Immigrant Affairs",
                "Minutes of community meetings, the language access progress report and the "
                "complaints residents filed about interpretation at city offices.",
            ),
            "es": (
                "Acceso lingüístico y reuniones comunitarias de la Oficina de Asuntos de "
                "Inmigrantes",
                "Actas de reuniones comunitarias, el informe de avance sobre acceso lingüístico "
                "y las quejas de residentes sobre interpretación en oficinas de la ciudad.",
            ),
        },
    ),
}


# Each document: slug, request key, date received, language of the PDF, file name,
# {language: (page title, description)}, blocks.
DOCUMENTS = [
    {
        "slug": "detainer-directive-2023",
        "request": "detainers",
        "received": "2024-04-15",
        "language": "en",
        "file": "ppd-detainer-directive-2023.pdf",
        "pages": {
            "en": (
                "Directive on civil immigration detainers, 2023 revision",
                "The department's standing order on what officers do when ICE asks it to hold "
                "someone past their release.",
            ),
            "es": (
                "Directiva sobre solicitudes de retención migratoria civil, revisión de 2023",
                "La orden vigente del departamento sobre qué hacen los agentes cuando ICE pide "
                "retener a alguien después de su hora de salida.",
            ),
        },
        "blocks": [
            ("h", "PHILADELPHIA POLICE DEPARTMENT - DIRECTIVE 5.31"),
            ("meta", "SUBJECT: Civil immigration detainers and notification requests"),
            ("meta", "ISSUED: September 2023. Supersedes the 2016 version of this directive."),
            ("h", "1. Purpose"),
            (
                "p",
                "This directive tells members of the department how to respond when federal "
                "immigration authorities ask the department to keep a person in custody, or to "
                "tell them when a person will be released. Residents of every background must "
                "be able to report crimes and serve as witnesses without fear that contact "
                "with a police officer will lead to deportation.",
            ),
            ("h", "2. Policy"),
            (
                "p",
                "A civil detainer form (DHS Form I-247A) is a request, not a court order. No "
                "person shall be held beyond the time they would otherwise be released on the "
                "basis of a detainer unless it is accompanied by a warrant signed by a "
                "federal judge. Officers shall not ask any person about their immigration "
                "status, place of birth or citizenship.",
            ),
            (
                "p",
                "Requests for advance notice of a release date shall be declined unless the "
                "person is being released after a conviction for a first or second degree "
                "felony involving violence and the request comes with a judicial warrant.",
            ),
            ("h", "3. Procedure"),
            (
                "p",
                "When a detainer arrives at a district or at the Police Detention Unit, the "
                "supervisor on duty records it in the detainer log, forwards a copy to the "
                "Office of the Deputy Commissioner for Organizational Services, and files it "
                "with the arrest paperwork. The supervisor does not contact the issuing agent.",
            ),
            (
                "p",
                "Federal agents who come to a district headquarters to take custody of a "
                "person shall be directed to the commanding officer, who will ask to see a "
                "judicial warrant. Without one, the agents will be told that the department "
                "cannot assist, and the encounter will be documented on form 75-48A.",
            ),
            ("h", "4. Reporting"),
            (
                "p",
                "Organizational Services compiles a quarterly reconciliation of detainers "
                "received, declined and honored, which is sent to the Managing Director and "
                "the Office of Immigrant Affairs.",
            ),
        ],
    },
    {
        "slug": "detainer-email-15th-district",
        "request": "detainers",
        "received": "2024-04-15",
        "language": "en",
        "file": "ppd-detainer-email-chain.pdf",
        "pages": {
            "en": (
                "Email chain about a detainer received at the 15th District",
                "Supervisors discuss a detainer faxed overnight for a man arrested on a "
                "misdemeanor; the release goes ahead.",
            ),
            "es": (
                "Cadena de correos sobre una solicitud de retención recibida en el Distrito 15",
                "Supervisores comentan una solicitud enviada por fax de madrugada por un hombre "
                "arrestado por un delito menor; la liberación sigue su curso.",
            ),
        },
        "blocks": [
            ("h", "RELEASED UNDER THE RIGHT-TO-KNOW LAW - PPD-RTK-2024-0217"),
            ("meta", "From: Lieutenant, 15th District Operations"),
            ("meta", "To: Captain, 15th District; Organizational Services"),
            ("meta", "Sent: Tuesday, October 10, 2023 4:52 AM"),
            ("meta", "Subject: I-247A received - arrest 23-15-0xxxx"),
            (
                "p",
                "Captain, a detainer came in by fax at 0341 hrs for a male arrested last night "
                "on a retail theft charge. No warrant attached, only the I-247A signed by a "
                "supervisory deportation officer. Per Directive 5.31 I logged it and will not "
                "hold him past arraignment. Copy forwarded to Org Services.",
            ),
            ("redacted", "(b) personal identification"),
            ("meta", "From: Captain, 15th District"),
            ("meta", "Sent: Tuesday, October 10, 2023 7:18 AM"),
            (
                "p",
                "Agreed. If agents show up at the front desk, have them wait for me and do not "
                "walk anyone out the back. Make sure the desk officer knows the form number "
                "for documenting the visit.",
            ),
            ("meta", "From: Organizational Services"),
            ("meta", "Sent: Tuesday, October 10, 2023 9:02 AM"),
            (
                "p",
                "Received and entered in the quarterly reconciliation. Reminder to all "
                "districts: a phone call from an agent asking for a release time is also a "
                "notification request and gets the same answer.",
            ),
            ("redacted", "(b) personal identification"),
        ],
    },
    {
        "slug": "detainer-log-2023",
        "request": "detainers",
        "received": "2024-05-02",
        "language": "en",
        "file": "ppd-detainer-log-summary-2023.pdf",
        "pages": {
            "en": (
                "Detainer log summary, January to December 2023",
                "Month by month: detainers received, declined for lack of a judicial warrant, "
                "and honored.",
            ),
            "es": (
                "Resumen del registro de solicitudes de retención, enero a diciembre de 2023",
                "Mes a mes: solicitudes recibidas, rechazadas por no tener orden judicial y "
                "cumplidas.",
            ),
        },
        "blocks": [
            ("h", "Detainer log - summary for calendar year 2023"),
            ("meta", "Prepared by Organizational Services from district logs."),
            (
                "table",
                [
                    ["Month", "Received", "Declined (no judicial warrant)", "Honored"],
                    ["January", "21", "21", "0"],
                    ["February", "18", "17", "1"],
                    ["March", "25", "25", "0"],
                    ["April", "19", "19", "0"],
                    ["May", "23", "22", "1"],
                    ["June", "17", "17", "0"],
                    ["July", "20", "20", "0"],
                    ["August", "26", "26", "0"],
                    ["September", "22", "21", "1"],
                    ["October", "24", "24", "0"],
                    ["November", "16", "16", "0"],
                    ["December", "14", "14", "0"],
                    ["Total", "245", "242", "3"],
                ],
            ),
            (
                "p",
                "The three honored detainers were each accompanied by a warrant signed by a "
                "federal magistrate judge. Two of the 245 requests named people who had "
                "already been released before the form arrived.",
            ),
        ],
    },
    {
        "slug": "training-bulletin-federal-agents",
        "request": "detainers",
        "received": "2024-05-02",
        "language": "en",
        "file": "ppd-training-bulletin-federal-agents.pdf",
        "pages": {
            "en": (
                "Training bulletin on federal agents at district headquarters",
                "Roll-call training read to officers in 2023 about visits by immigration agents.",
            ),
            "es": (
                "Boletín de capacitación sobre agentes federales en las sedes de distrito",
                "Capacitación leída a los agentes al pasar lista en 2023 sobre las visitas de "
                "agentes de inmigración.",
            ),
        },
        "blocks": [
            ("h", "ROLL CALL TRAINING BULLETIN 23-09"),
            ("meta", "To be read at all roll calls for three consecutive days."),
            (
                "p",
                "Federal immigration agents sometimes wear vests marked POLICE. Residents may "
                "not be able to tell them apart from our officers. When you are asked by a "
                "resident whether a person in plain clothes or a marked vest is a city police "
                "officer, answer truthfully and, if known, name the agency.",
            ),
            (
                "p",
                "Do not join, block for, or provide perimeter security to a federal civil "
                "immigration operation. If a supervisor from another agency asks for help, "
                "refer them to your commanding officer. Respond to any call for service as you "
                "normally would, including calls about people in distress during such an "
                "operation.",
            ),
            (
                "p",
                "Questions from officers about this bulletin go to the Training Bureau. "
                "Questions from the public go to the Office of Immigrant Affairs.",
            ),
        ],
    },
    {
        "slug": "records-system-vendor-contract",
        "request": "database",
        "received": "2024-07-01",
        "language": "en",
        "file": "ppd-records-system-contract-redacted.pdf",
        "pages": {
            "en": (
                "Contract with the records-system vendor, redacted",
                "The maintenance and hosting contract for the arrest-records database, "
                "including the clause on which outside agencies may hold accounts.",
            ),
            "es": (
                "Contrato con el proveedor del sistema de registros, con tachaduras",
                "El contrato de mantenimiento y alojamiento de la base de datos de arrestos, "
                "incluida la cláusula sobre qué agencias externas pueden tener cuentas.",
            ),
        },
        "blocks": [
            ("h", "PROFESSIONAL SERVICES AGREEMENT No. 21-0457"),
            (
                "p",
                "This Agreement is made between the City of Philadelphia, acting through its "
                "Police Department and Office of Innovation and Technology, and Corvalis Data "
                "Systems, Inc. (the Provider), for the hosting, maintenance and support of "
                "the arrest and booking records system.",
            ),
            ("h", "Section 4. Term and price"),
            (
                "p",
                "The term is three years from the effective date, with two optional renewals "
                "of one year each. The annual price is stated in Exhibit B.",
            ),
            ("redacted", "Exhibit B pricing - trade secret, 65 P.S. 67.708(b)(11)"),
            ("h", "Section 9. Access by other agencies"),
            (
                "p",
                "The Provider shall create user accounts only at the written request of the "
                "Department. Accounts held by agencies other than the Department remain "
                "subject to the City's data-sharing agreements and may be suspended by the "
                "Department at any time without notice to the account holder.",
            ),
            (
                "p",
                "The Provider shall keep an access log of every query made through each "
                "account, including the account name, the time and the record viewed, and "
                "shall deliver the log to the Department within ten business days of a "
                "request.",
            ),
            ("page",),
            ("h", "Section 12. Data retention and return"),
            (
                "p",
                "At the end of the Agreement the Provider shall return all City data in an "
                "open format and certify in writing that every copy held by the Provider or "
                "its subcontractors has been destroyed.",
            ),
            ("h", "Signatures"),
            ("redacted", "signatures and names of signatories"),
        ],
    },
    {
        "slug": "email-outside-agency-access",
        "request": "database",
        "received": "2024-07-01",
        "language": "en",
        "file": "ppd-email-outside-agency-access.pdf",
        "pages": {
            "en": (
                "Email excerpts on outside agencies' access to arrest records",
                "City staff discuss which federal accounts can search the database and whether "
                "their queries are logged.",
            ),
            "es": (
                "Extractos de correos sobre el acceso de agencias externas a los registros de "
                "arrestos",
                "Personal de la ciudad comenta qué cuentas federales pueden buscar en la base "
                "de datos y si sus consultas quedan registradas.",
            ),
        },
        "blocks": [
            ("h", "EXCERPTS - RESPONSIVE RECORDS, PPD-RTK-2024-0388"),
            ("meta", "From: Office of Innovation and Technology, Public Safety Applications"),
            ("meta", "To: Police Department, Information Systems"),
            ("meta", "Sent: March 6, 2018"),
            (
                "p",
                "Following up on yesterday's meeting. We count 34 active accounts belonging to "
                "federal agencies, nine of them under an ICE field office. The accounts can "
                "search by name and date of birth and see the charges and the arrest address. "
                "Queries are logged by the vendor, but nobody at the City has asked for those "
                "logs in at least two years.",
            ),
            ("redacted", "deliberative material"),
            ("meta", "From: Police Department, Information Systems"),
            ("meta", "Sent: March 7, 2018"),
            (
                "p",
                "Agreed that we need the logs before anything else. Please request twelve "
                "months from the vendor. We should also confirm whether any account is shared "
                "by several agents, which the agreement does not allow.",
            ),
            ("meta", "From: Office of Innovation and Technology"),
            ("meta", "Sent: March 19, 2018"),
            (
                "p",
                "Logs received. Two of the federal accounts ran several hundred searches each "
                "in the period, mostly by name only. Summary attached as a separate record.",
            ),
        ],
    },
    {
        "slug": "audit-federal-database-accounts",
        "request": "database",
        "received": "2024-07-22",
        "language": "en",
        "file": "ppd-audit-federal-accounts.pdf",
        "pages": {
            "en": (
                "Audit of database accounts held by federal agencies",
                "A table of outside accounts, their last use and what the audit decided for each.",
            ),
            "es": (
                "Auditoría de las cuentas de la base de datos en manos de agencias federales",
                "Una tabla de las cuentas externas, su último uso y lo que la auditoría decidió "
                "sobre cada una.",
            ),
        },
        "blocks": [
            ("h", "Access audit - accounts held outside the Department"),
            ("meta", "Period reviewed: April 2017 to March 2018"),
            (
                "table",
                [
                    ["Agency", "Accounts", "Searches in period", "Outcome"],
                    ["ICE field office", "9", "1,412", "Suspended"],
                    ["Federal Bureau of Investigation", "11", "604", "Kept, reviewed yearly"],
                    ["U.S. Marshals Service", "6", "377", "Kept, reviewed yearly"],
                    ["U.S. Postal Inspection Service", "3", "41", "Closed, unused"],
                    ["Other federal", "5", "89", "Closed pending new agreement"],
                ],
            ),
            (
                "p",
                "Searches by ICE accounts were run on names alone in 83 percent of cases, "
                "without a case number. The audit found no written justification for these "
                "searches in the access log.",
            ),
        ],
    },
    {
        "slug": "letter-ending-federal-access",
        "request": "database",
        "received": "2024-07-22",
        "language": "en",
        "file": "city-letter-ending-federal-access.pdf",
        "pages": {
            "en": (
                "Letter ending immigration agents' access to the arrest-records database",
                "The city notifies the field office that its accounts are closed for good.",
            ),
            "es": (
                "Carta que pone fin al acceso de agentes de inmigración a la base de datos de "
                "arrestos",
                "La ciudad notifica a la oficina de campo que sus cuentas quedan cerradas de "
                "forma definitiva.",
            ),
        },
        "blocks": [
            ("h", "CITY OF PHILADELPHIA - OFFICE OF THE MANAGING DIRECTOR"),
            ("meta", "To: Field Office Director, ICE Enforcement and Removal Operations"),
            ("meta", "Re: Accounts on the City's arrest and booking records system"),
            (
                "p",
                "This letter gives notice that the City will not renew the data-sharing "
                "arrangement under which your office held accounts on the arrest and booking "
                "records system. The nine accounts assigned to your office were suspended "
                "after the City's access audit and will be closed permanently at the end of "
                "this month.",
            ),
            (
                "p",
                "Requests for criminal history made in connection with a criminal "
                "investigation and supported by a judicial warrant may still be directed to "
                "the Police Department through the usual channels.",
            ),
            ("redacted", "signature"),
        ],
    },
    {
        "slug": "release-to-detainer-procedure",
        "request": "transfers",
        "received": "2024-08-19",
        "language": "en",
        "file": "doc-release-to-detainer-procedure.pdf",
        "pages": {
            "en": (
                "Release-to-detainer procedure at state correctional institutions",
                "The policy section describing how a person with an immigration detainer is "
                "handed over on their release date.",
            ),
            "es": (
                "Procedimiento de entrega por solicitud de retención en instituciones "
                "correccionales estatales",
                "La sección de la política que describe cómo se entrega a una persona con "
                "solicitud de retención migratoria en su fecha de salida.",
            ),
        },
        "blocks": [
            ("h", "POLICY 11.5.1 - RECORDS OFFICE PROCEDURES MANUAL, SECTION 14"),
            ("meta", "Release of inmates with immigration detainers"),
            (
                "p",
                "The records supervisor at each institution shall review the file of every "
                "inmate within 90 days of their minimum or maximum release date for active "
                "detainers, including immigration detainers lodged by ICE.",
            ),
            (
                "p",
                "Where an immigration detainer is active, the records office shall notify "
                "the ICE detention officer assigned to the region of the scheduled release "
                "date and arrange a transfer at the institution's sally port. The inmate "
                "shall not be released to the public on that date.",
            ),
            (
                "p",
                "The inmate shall be given written notice of the detainer in a language they "
                "understand at least 30 days before the release date. A Spanish version of the "
                "notice is available from the central office.",
            ),
            (
                "p",
                "If ICE does not take custody within 48 hours of the scheduled release, the "
                "institution shall release the inmate and record the outcome in the detainer "
                "tracking field.",
            ),
        ],
    },
    {
        "slug": "monthly-transfers-to-ice",
        "request": "transfers",
        "received": "2024-08-19",
        "language": "en",
        "file": "doc-monthly-transfers-2022-2023.pdf",
        "pages": {
            "en": (
                "Monthly counts of transfers to ICE custody, 2022 and 2023",
                "How many people left state prisons directly into ICE custody, by month.",
            ),
            "es": (
                "Cifras mensuales de traslados a la custodia de ICE, 2022 y 2023",
                "Cuántas personas salieron de cárceles estatales directamente a la custodia de "
                "ICE, por mes.",
            ),
        },
        "blocks": [
            ("h", "Transfers to ICE custody at release - statewide"),
            (
                "table",
                [
                    ["Quarter", "2022", "2023"],
                    ["January to March", "112", "131"],
                    ["April to June", "124", "118"],
                    ["July to September", "109", "142"],
                    ["October to December", "97", "126"],
                    ["Year", "442", "517"],
                ],
            ),
            (
                "p",
                "Counts include people whose detainer was honored at the sally port. People "
                "released to the public after ICE did not arrive within 48 hours are not "
                "included: 23 in 2022 and 31 in 2023.",
            ),
        ],
    },
    {
        "slug": "email-prison-records-ice-release-dates",
        "request": "transfers",
        "received": "2024-09-05",
        "language": "en",
        "file": "doc-email-release-dates.pdf",
        "pages": {
            "en": (
                "Email chain between a prison records office and ICE about release dates",
                "An ICE officer asks for a list of upcoming releases; the records office answers.",
            ),
            "es": (
                "Cadena de correos entre la oficina de registros de una cárcel e ICE sobre "
                "fechas de salida",
                "Un agente de ICE pide una lista de próximas liberaciones; la oficina de "
                "registros responde.",
            ),
        },
        "blocks": [
            ("h", "RESPONSIVE RECORDS - DOC-RTK-1142-24"),
            ("meta", "From: Deportation Officer, ICE ERO Philadelphia"),
            ("meta", "To: Records Supervisor, State Correctional Institution"),
            ("meta", "Sent: February 2, 2023"),
            (
                "p",
                "Good morning. Could you send over the list of releases for next month for "
                "anyone born outside the U.S.? We are trying to plan staffing for pickups.",
            ),
            ("meta", "From: Records Supervisor"),
            ("meta", "Sent: February 2, 2023"),
            (
                "p",
                "We can only confirm release dates for inmates with an active detainer lodged "
                "in their file; we do not produce lists by place of birth. Four inmates with "
                "active detainers have release dates next month. Their names and numbers "
                "follow.",
            ),
            ("redacted", "names and inmate numbers, 65 P.S. 67.708(b)(6)"),
        ],
    },
    {
        "slug": "notice-in-custody-spanish",
        "request": "transfers",
        "received": "2024-09-05",
        "language": "es",
        "file": "doc-aviso-solicitud-de-retencion.pdf",
        "pages": {
            "en": (
                "Notice to people in custody about ICE detainers (Spanish version)",
                "The Spanish-language notice a person receives before release when ICE has "
                "lodged a detainer.",
            ),
            "es": (
                "Aviso a personas bajo custodia sobre solicitudes de retención de ICE",
                "El aviso en español que recibe una persona antes de su salida cuando ICE ha "
                "presentado una solicitud de retención.",
            ),
        },
        "blocks": [
            ("h", "DEPARTAMENTO DE CORRECCIONALES - AVISO DE SOLICITUD DE RETENCIÓN"),
            (
                "p",
                "Usted recibe este aviso porque el Servicio de Inmigración y Control de "
                "Aduanas (ICE) ha presentado una solicitud de retención a su nombre. Esto no "
                "es una orden de deportación y no cambia su fecha de salida de la institución.",
            ),
            (
                "p",
                "En su fecha de salida, el personal de la institución avisará a ICE. Si los "
                "agentes no llegan dentro de las 48 horas siguientes, usted quedará en "
                "libertad.",
            ),
            (
                "p",
                "Usted tiene derecho a hablar con un abogado. Puede pedir la lista de "
                "organizaciones de asistencia legal gratuita en la biblioteca jurídica o a su "
                "consejero. Si no entiende este aviso, pida un intérprete: el servicio es "
                "gratuito.",
            ),
            (
                "p",
                "Firme abajo para indicar que recibió este aviso. Su firma no significa que "
                "esté de acuerdo con la solicitud de retención.",
            ),
            ("redacted", "nombre y número de la persona"),
        ],
    },
    {
        "slug": "foia-response-letter",
        "request": "arrests",
        "received": "2024-10-30",
        "language": "en",
        "file": "ice-foia-response-letter.pdf",
        "pages": {
            "en": (
                "FOIA response letter and the exemptions applied",
                "ICE's cover letter explaining how many pages were found, released and withheld.",
            ),
            "es": (
                "Carta de respuesta a la solicitud FOIA y las excepciones aplicadas",
                "La carta de ICE que explica cuántas páginas encontró, entregó y retuvo.",
            ),
        },
        "blocks": [
            ("h", "U.S. Department of Homeland Security - ICE FOIA Office"),
            ("meta", "Re: ICE FOIA Case Number 2024-ICFO-31876"),
            (
                "p",
                "This letter is the final response to your Freedom of Information Act request "
                "for records of at-large arrests carried out by the Philadelphia Field Office. "
                "A search of the Enforcement and Removal Operations offices produced 212 pages "
                "of potentially responsive records.",
            ),
            (
                "p",
                "Of those pages, 47 are released in full, 118 are released in part and 47 are "
                "withheld in full. Portions were withheld under exemptions (b)(6) and "
                "(b)(7)(C), which protect personal privacy, and (b)(7)(E), which protects law "
                "enforcement techniques and procedures.",
            ),
            (
                "p",
                "You may appeal this decision within 90 days of the date of this letter. You "
                "may also seek dispute resolution services from the Office of Government "
                "Information Services at the National Archives.",
            ),
        ],
    },
    {
        "slug": "at-large-arrests-fy2023",
        "request": "arrests",
        "received": "2024-10-30",
        "language": "en",
        "file": "ice-at-large-arrests-fy2023.pdf",
        "pages": {
            "en": (
                "At-large arrests in Philadelphia County by month, fiscal year 2023",
                "Monthly numbers of people arrested by ICE outside jails and prisons, with the "
                "share who had no criminal conviction.",
            ),
            "es": (
                "Arrestos en la comunidad en el condado de Filadelfia por mes, año fiscal 2023",
                "Cifras mensuales de personas arrestadas por ICE fuera de cárceles, con la "
                "proporción que no tenía ninguna condena penal.",
            ),
        },
        "blocks": [
            ("h", "ERO Philadelphia - at-large administrative arrests, FY2023"),
            (
                "table",
                [
                    ["Month", "Arrests", "No criminal conviction", "Collateral"],
                    ["October", "38", "19", "6"],
                    ["November", "41", "22", "9"],
                    ["December", "29", "12", "4"],
                    ["January", "52", "30", "11"],
                    ["February", "47", "25", "8"],
                    ["March", "61", "36", "14"],
                    ["April", "44", "21", "7"],
                    ["May", "39", "18", "5"],
                    ["June", "57", "33", "12"],
                    ["July", "35", "16", "4"],
                    ["August", "48", "27", "10"],
                    ["September", "42", "20", "6"],
                ],
            ),
            (
                "p",
                "Collateral arrests are people encountered during an operation who were not "
                "its target. Fiscal year runs from October to September.",
            ),
        ],
    },
    {
        "slug": "operation-briefing-summary",
        "request": "arrests",
        "received": "2024-11-12",
        "language": "en",
        "file": "ice-operation-briefing-redacted.pdf",
        "pages": {
            "en": (
                "Operation briefing summary, heavily redacted",
                "A four-day enforcement operation plan with most details withheld.",
            ),
            "es": (
                "Resumen de la sesión informativa de un operativo, con muchas tachaduras",
                "El plan de un operativo de cuatro días con la mayoría de los detalles retenidos.",
            ),
        },
        "blocks": [
            ("h", "FIELD OPERATIONS WORKSHEET - TARGETED ENFORCEMENT"),
            ("meta", "Operation dates: four consecutive days"),
            ("redacted", "(b)(7)(E) operation name"),
            (
                "p",
                "Teams will assemble at the staging location at 0430 hours each day. Each team "
                "consists of a team leader, four officers and one transport vehicle. Teams "
                "will attempt arrests at residences between 0500 and 0800 hours.",
            ),
            ("redacted", "(b)(7)(E) staging location and target list"),
            (
                "p",
                "Officers are reminded that entry into a residence requires the consent of an "
                "occupant unless a judicial warrant has been obtained. Administrative warrants "
                "(Form I-205) do not authorize entry.",
            ),
            (
                "p",
                "Expected result: up to 30 arrests per day across all teams. Daily results "
                "are to be reported to the field office by 1400 hours.",
            ),
            ("redacted", "(b)(6), (b)(7)(C) names of officers"),
        ],
    },
    {
        "slug": "collateral-arrests-guidance",
        "request": "arrests",
        "received": "2024-11-12",
        "language": "en",
        "file": "ice-collateral-arrests-guidance.pdf",
        "pages": {
            "en": (
                "Guidance excerpt on collateral arrests",
                "Instructions to officers on arresting people who are present but not named in "
                "the operation plan.",
            ),
            "es": (
                "Extracto de pautas sobre arrestos colaterales",
                "Instrucciones a los agentes sobre el arresto de personas presentes que no "
                "figuran en el plan del operativo.",
            ),
        },
        "blocks": [
            ("h", "ENFORCEMENT GUIDANCE - EXCERPT"),
            (
                "p",
                "When officers encounter a person who is not the subject of the operation, "
                "they may question that person about their immigration status only when they "
                "have reasonable suspicion, based on specific facts, that the person is "
                "removable. Presence in the home of a target is not by itself such a fact.",
            ),
            (
                "p",
                "Officers shall take into account whether the person is the primary caregiver "
                "of a child, is pregnant, is elderly or is seriously ill. Such cases require "
                "approval from a supervisor before any arrest.",
            ),
            ("redacted", "(b)(7)(E) remainder of section"),
        ],
    },
    {
        "slug": "community-meeting-minutes-south-philadelphia",
        "request": "language",
        "received": "2024-09-23",
        "language": "es",
        "file": "oia-acta-reunion-comunitaria.pdf",
        "pages": {
            "en": (
                "Minutes of the community meeting in South Philadelphia (in Spanish)",
                "Residents raise problems with interpretation at city offices and ask about "
                "the police detainer policy.",
            ),
            "es": (
                "Acta de la reunión comunitaria en el sur de Filadelfia",
                "Residentes plantean problemas de interpretación en oficinas de la ciudad y "
                "preguntan por la política policial sobre solicitudes de retención.",
            ),
        },
        "blocks": [
            ("h", "OFICINA DE ASUNTOS DE INMIGRANTES - ACTA DE REUNIÓN COMUNITARIA"),
            ("meta", "Lugar: centro comunitario del sur de Filadelfia. Asistentes: 46 personas."),
            ("h", "1. Bienvenida"),
            (
                "p",
                "La directora adjunta de la oficina abrió la reunión en español e inglés y "
                "explicó que el acta se publicará en ambos idiomas. Se ofrecieron auriculares "
                "con interpretación simultánea al inglés, al portugués y al mandarín.",
            ),
            ("h", "2. Acceso lingüístico"),
            (
                "p",
                "Varias vecinas contaron que en la oficina de licencias les pidieron traer a "
                "sus hijos como intérpretes. El personal de la ciudad recordó que todas las "
                "oficinas deben ofrecer intérpretes profesionales por teléfono sin costo y "
                "que nadie debe usar a un menor para interpretar.",
            ),
            ("h", "3. Policía y solicitudes de retención"),
            (
                "p",
                "Un vecino preguntó si la policía entrega a ICE a las personas detenidas por "
                "faltas menores. La oficina explicó la directiva vigente: sin una orden "
                "firmada por un juez, la policía no mantiene la detención de nadie por "
                "pedido de ICE. Se acordó repartir un volante con esta información.",
            ),
            ("h", "4. Acuerdos"),
            (
                "p",
                "La oficina enviará en un mes un informe sobre las quejas de interpretación "
                "y convocará una segunda reunión en la biblioteca del barrio.",
            ),
        ],
    },
    {
        "slug": "language-access-progress-report",
        "request": "language",
        "received": "2024-09-23",
        "language": "en",
        "file": "oia-language-access-progress-report.pdf",
        "pages": {
            "en": (
                "Language access progress report",
                "How city departments are doing on translated documents and phone interpretation.",
            ),
            "es": (
                "Informe de avance sobre acceso lingüístico",
                "Cómo avanzan los departamentos de la ciudad en documentos traducidos e "
                "interpretación telefónica.",
            ),
        },
        "blocks": [
            ("h", "LANGUAGE ACCESS PROGRESS REPORT"),
            (
                "p",
                "Every city department must translate its vital documents into the most "
                "common languages spoken by residents with limited English and offer "
                "telephone interpretation at every public counter.",
            ),
            (
                "table",
                [
                    ["Department", "Vital documents translated", "Interpretation calls"],
                    ["Licenses and Inspections", "62%", "3,915"],
                    ["Revenue", "88%", "6,240"],
                    ["Police (district front desks)", "41%", "2,087"],
                    ["Public Health", "94%", "8,502"],
                    ["Prisons", "35%", "1,126"],
                ],
            ),
            (
                "p",
                "Departments below half of their vital documents have submitted a plan to "
                "reach full coverage within a year. District front desks will receive "
                "dual-handset phones so that a resident and an interpreter can talk without "
                "passing a receiver back and forth.",
            ),
        ],
    },
    {
        "slug": "language-complaints-summary",
        "request": "language",
        "received": "2024-10-07",
        "language": "es",
        "file": "oia-resumen-quejas-acceso-linguistico.pdf",
        "pages": {
            "en": (
                "Summary of language access complaints (in Spanish)",
                "The complaints residents filed about interpretation, grouped by department "
                "and outcome.",
            ),
            "es": (
                "Resumen de quejas sobre acceso lingüístico",
                "Las quejas de residentes sobre interpretación, agrupadas por departamento y "
                "resultado.",
            ),
        },
        "blocks": [
            ("h", "RESUMEN DE QUEJAS SOBRE ACCESO LINGÜÍSTICO"),
            (
                "p",
                "Este resumen agrupa las quejas presentadas por teléfono, en línea y en "
                "persona. Se eliminaron los datos personales de quienes presentaron las "
                "quejas.",
            ),
            (
                "table",
                [
                    ["Departamento", "Quejas", "Resueltas", "En trámite"],
                    ["Licencias e Inspecciones", "17", "12", "5"],
                    ["Policía", "11", "6", "5"],
                    ["Recaudación", "8", "8", "0"],
                    ["Salud Pública", "4", "4", "0"],
                ],
            ),
            (
                "p",
                "La queja más frecuente fue la falta de intérpretes en el mostrador, seguida "
                "de formularios que solo estaban en inglés. En tres casos se pidió a un menor "
                "que interpretara para su familia; los tres departamentos recibieron una "
                "capacitación correctiva.",
            ),
        ],
    },
    {
        "slug": "email-town-hall-planning",
        "request": "language",
        "received": "2024-10-07",
        "language": "en",
        "file": "oia-email-town-hall-planning.pdf",
        "pages": {
            "en": (
                "Email chain planning the welcoming-city town hall",
                "Staff arrange interpreters, childcare and a venue for a town hall on the "
                "city's immigration policies.",
            ),
            "es": (
                "Cadena de correos para organizar la asamblea sobre la ciudad acogedora",
                "El personal organiza intérpretes, cuidado infantil y un lugar para una "
                "asamblea sobre las políticas migratorias de la ciudad.",
            ),
        },
        "blocks": [
            ("h", "RESPONSIVE RECORDS - OIA-RTK-2024-009"),
            ("meta", "From: Community Engagement Coordinator, Office of Immigrant Affairs"),
            ("meta", "Sent: May 14, 2024"),
            (
                "p",
                "The library branch on the avenue can host us on a weekday evening. It holds "
                "120 people and has a separate room we can use for childcare. I have asked "
                "for Spanish, Vietnamese, Khmer and Indonesian interpreters.",
            ),
            ("meta", "From: Deputy Director, Office of Immigrant Affairs"),
            ("meta", "Sent: May 15, 2024"),
            (
                "p",
                "Good. Please make sure no sign-in sheet asks for addresses or phone numbers; "
                "a head count is enough. People will not come if they think a list is being "
                "made. We should have the police directive printed in all four languages.",
            ),
            ("meta", "From: Community Engagement Coordinator"),
            ("meta", "Sent: May 20, 2024"),
            (
                "p",
                "Flyers are at the printer. Partners will spread the word through their "
                "phone trees. Interpreters confirmed except Khmer, which I am still working "
                "on.",
            ),
        ],
    },
]
