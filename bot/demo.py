"""Demo data for `flexpool shell --demo`: believable (invented) colleagues at a ministry
and a municipality sharing one workspace — as in a region's shared chat — and a few
klussen with some history, so every command has something to show. Loaded only into an
empty database.

The two organisations come from the "HR import" (each person's own organisation); the
workspace names no default and no third organisation exists. Marieke is an admin of the
ministry, Ahmed of the municipality (each acts on their own people only); the flexbureau
is a pool admin (FLEXPOOL_ADMINS, set by `flexpool shell`). Two klussen are
government-wide and have been running for three weeks, so `flexpool verrekening` has a
line per placement to show."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot import organisations
from bot.app import App
from storage import queries as q
from storage.db import transaction
from storage.models import AdminRole, Invitation, Klus, Outbox, Person

MINISTRY = "Ministerie van BZK"
MUNICIPALITY = "Gemeente Haarlemmermeer"

# user id, name, organisation, job title, department, skills, wants to learn, hours free, visible, preference
PEOPLE = [
    ("marieke", "Marieke de Vries", MINISTRY, "Afdelingshoofd", "Informatievoorziening",
     "leidinggeven, informatievoorziening, verandermanagement", "", 0, False, "specific"),
    ("ahmed", "Ahmed El Amrani", MUNICIPALITY, "Teamleider Sociaal Domein", "Sociaal Domein",
     "Wmo, Jeugdwet, leidinggeven", "", 0, False, "specific"),
    ("flexbureau", "Flexbureau (beheer)", MINISTRY, "Matchmaker", "Flexpool",
     "matching, loopbaanadvies", "", 0, False, "specific"),
    ("fatima", "Fatima Yilmaz", MINISTRY, "Data-analist", "Informatievoorziening",
     "data-analyse, Power BI, SQL, Python", "machine learning", 8, True, "specific"),
    ("sanne", "Sanne Bakker", MINISTRY, "BI-specialist", "Financiën",
     "Power BI, Excel, datavisualisatie, SQL", "Python", 12, True, "surprise"),
    ("daan", "Daan Visser", MINISTRY, "Beleidsmedewerker", "Wonen",
     "beleidsadvies, wetgeving, Excel", "data-analyse, Power BI", 8, True, "surprise"),
    ("lotte", "Lotte Jansen", MINISTRY, "Communicatieadviseur", "Communicatie",
     "communicatieadvies, webredactie, B1-taalniveau, social media", "woordvoering", 6, True, "specific"),
    ("bram", "Bram de Boer", MINISTRY, "Projectleider", "Digitale Overheid",
     "projectleiding, Agile, stakeholdermanagement, Scrum", "programmamanagement", 16, True, "specific"),
    ("noor", "Noor Hendriks", MINISTRY, "Jurist", "Juridische Zaken",
     "juridisch advies, AVG, wetgeving, privacy", "informatiebeveiliging", 8, True, "specific"),
    ("joris", "Joris Smit", MINISTRY, "Informatiebeheerder", "Informatievoorziening",
     "archiefbeheer, informatiebeheer, documentbeheer", "data-analyse", 10, True, "own_department"),
    ("eva", "Eva Mulder", MINISTRY, "Beleidsadviseur", "Energietransitie",
     "beleidsadvies, energietransitie, duurzaamheid, stakeholdermanagement", "projectleiding", 8, True, "surprise"),
    ("thomas", "Thomas van Dijk", MINISTRY, "Controller", "Financiën",
     "control, begroting, Excel, audit", "Power BI", 4, True, "specific"),
    ("yara", "Yara Koster", MINISTRY, "UX-onderzoeker", "Digitale Overheid",
     "UX-onderzoek, gebruikersonderzoek, interviewen, design thinking", "servicedesign", 12, True, "specific"),
    ("kees", "Kees Vermeulen", MINISTRY, "Inkoopadviseur", "Bedrijfsvoering",
     "inkoop, aanbesteden, contractmanagement", "juridisch advies", 6, True, "specific"),
    ("ilse", "Ilse Peters", MINISTRY, "HR-adviseur", "P&O",
     "HR-advies, werving en selectie, coaching", "verandermanagement", 8, True, "specific"),
    ("mohamed", "Mohamed Bouzid", MINISTRY, "Softwareontwikkelaar", "Digitale Overheid",
     "Python, Java, cloud, Azure, software-ontwikkeling", "architectuur", 8, True, "specific"),
    ("anouk", "Anouk van Leeuwen", MINISTRY, "Secretaris", "Bestuursondersteuning",
     "notuleren, secretariaat, gespreksleiding", "projectleiding", 4, True, "surprise"),
    ("ruben", "Ruben Dekker", MINISTRY, "Onderzoeker", "Strategie",
     "onderzoek, evaluatie, statistiek, R, rapportage", "Python", 8, True, "specific"),
    ("femke", "Femke Brouwer", MINISTRY, "Adviseur informatiebeveiliging", "CIO-office",
     "informatiebeveiliging, BIO, AVG, privacy", "audit", 6, True, "specific"),
    ("willem", "Willem Prins", MINISTRY, "Programmamanager", "Wonen",
     "programmamanagement, wonen, stakeholdermanagement", "", 0, False, "specific"),
    ("sophie", "Sophie Claassen", MINISTRY, "Trainee", "Flexpool",
     "presenteren, onderzoek", "data-analyse, Power BI, projectleiding", 24, True, "surprise"),
    ("jasper", "Jasper Willems", MUNICIPALITY, "Wmo-consulent", "Sociaal Domein",
     "Wmo, klantcontact, gespreksleiding", "jeugdzorg", 8, True, "specific"),
    ("esra", "Esra Aydın", MUNICIPALITY, "Jeugdconsulent", "Sociaal Domein",
     "jeugdzorg, Jeugdwet, gespreksleiding", "data-analyse", 6, True, "specific"),
    ("pieter", "Pieter Kuipers", MUNICIPALITY, "GIS-specialist", "Ruimte",
     "GIS, datavisualisatie, ruimtelijke ordening", "Python", 8, True, "specific"),
    ("linda", "Linda Vos", MUNICIPALITY, "Vergunningverlener", "Ruimte",
     "vergunningverlening, Omgevingswet, toezicht", "projectleiding", 4, True, "own_department"),
    ("hamza", "Hamza Ouali", MUNICIPALITY, "Data-analist", "Informatie & Data",
     "SQL, Power BI, data-engineering, Python", "machine learning", 12, True, "specific"),
    ("marloes", "Marloes Schouten", MUNICIPALITY, "Communicatieadviseur", "Communicatie",
     "communicatie, tekstschrijven, participatie, social media", "woordvoering", 8, True, "surprise"),
    ("gert", "Gert van den Berg", MUNICIPALITY, "Beleidsadviseur", "Mobiliteit",
     "mobiliteit, beleidsadvies, participatie", "klimaatadaptatie", 6, True, "specific"),
    ("chantal", "Chantal Meijer", MUNICIPALITY, "Financieel adviseur", "Financiën",
     "begroting, financiën, subsidies, Excel", "Power BI", 8, True, "specific"),
    ("rik", "Rik Hoekstra", MUNICIPALITY, "Crisiscoördinator", "Veiligheid",
     "crisisbeheersing, veiligheid, gespreksleiding", "training geven", 4, True, "specific"),
    ("naima", "Naima Benali", MUNICIPALITY, "Procesadviseur", "Dienstverlening",
     "procesmanagement, Lean, klantcontact", "servicedesign", 8, True, "specific"),
]

# salary scale and cost centre (kostenplaats) of some, for the charges between the two
PAY = {"thomas": ("11", "BZK-4410"), "pieter": ("9", "HLM-2031"), "eva": ("11", "BZK-5120"),
       "chantal": ("10", "HLM-1100"), "fatima": ("10", "BZK-3300"), "hamza": ("10", "HLM-2040")}
ORG_ADMINS = ("marieke", "ahmed")  # admins of their own organisation (added as with `/flexpool admin add`)

# owner, one-line klus, then who accepts and whether the owner confirmed
KLUSSEN = [
    ("bram", "Gebruikersonderzoek nieuwe aanvraagroute; vaardigheden: UX-onderzoek, interviewen; "
             "8 uur per week; 6 weken; 1 plek; resultaat: rapport met tien verbeterpunten", "yara", True),
    ("ahmed", "Wmo-cliëntervaringsonderzoek; vaardigheden: Wmo, gespreksleiding, rapportage; "
              "6 uur per week; 8 weken; 2 plekken; afdeling: Sociaal Domein", "jasper", False),
    ("willem", "Notulist stuurgroep woningbouw; vaardigheden: notuleren; 4 uur per week; "
               "3 maanden; 1 plek", None, False),
    ("marieke", "Informatiebeheer op orde voor archiefoverdracht; vaardigheden: archiefbeheer, "
                "informatiebeheer; 10 uur per week; 12 weken; 1 plek", None, False),
]

# across the two organisations, running for three weeks already: owner, klus, who works on it
RUNNING = [
    ("eva", "Kaart warmtenetten voor de wijkaanpak; vaardigheden: GIS, ruimtelijke ordening; 4 uur per week; "
            "8 weken; 1 plek; bereik: overheidsbreed", "pieter"),
    ("chantal", "Begroting sociaal domein doorlichten; vaardigheden: control, begroting; 4 uur per week; "
                "6 weken; 1 plek; bereik: overheidsbreed", "thomas"),
]
RUNNING_WEEKS = 3


def load_demo(app: App) -> bool:
    """Fill an empty database with the demo; False (and nothing changed) if it was not empty."""
    service = app.service
    with transaction(app.engine) as s:
        if s.exec(select(Person)).first() is not None:
            return False
        orgs = {name: q.get_or_create_organisation(s, name).id for name in (MINISTRY, MUNICIPALITY)}
    actors = {}
    for user_id, name, org, job, dept, skills, wants, hours, visible, pref in PEOPLE:
        actor = service.person("shell", "demo", user_id, name)
        with transaction(app.engine) as s:
            organisations.move(s, s.get(Person, actor.id), orgs[org], "import")
            if user_id in ORG_ADMINS:
                s.add(AdminRole(person_id=actor.id, added_by="demo", added_at=service.now()))
        actor = service.person("shell", "demo", user_id, name)
        service.update_profile(actor, {
            "name": name, "job_title": job, "department": dept, "skills": skills, "wants": wants,
            "hours_per_week": str(hours), "visible": "ja" if visible else "nee", "preference": pref,
        })
        actors[user_id] = service.person("shell", "demo", user_id)
    for owner, line, accepter, confirmed in KLUSSEN:
        service.post_klus_line(actors[owner], line)
        if accepter:
            invitation = _invitation_of(app, actors[accepter])
            if invitation is not None:
                service.accept(actors[accepter], invitation)
                if confirmed:
                    service.confirm(actors[owner], invitation)
    for owner, line, worker in RUNNING:
        service.post_klus_line(actors[owner], line)
        invitation = _invitation_on_latest(app, actors[owner], actors[worker])
        if invitation is not None:
            service.accept(actors[worker], invitation)
            service.confirm(actors[owner], invitation)
            _backdate(app, invitation)
    for user_id, (scale, cost_centre) in PAY.items():
        service.update_profile(actors[user_id], {"salary_scale": scale, "cost_centre": cost_centre})
    # The demo's history has been "delivered" already: start the shell with a quiet screen.
    with transaction(app.engine) as s:
        now = service.now()
        for row in s.exec(select(Outbox).where(Outbox.sent_at == None)).all():  # noqa: E711
            row.sent_at = now - timedelta(minutes=5)
            s.add(row)
    return True


def _backdate(app: App, invitation_id: int) -> None:
    """The klus of this (confirmed) invitation started RUNNING_WEEKS ago and is running."""
    with transaction(app.engine) as s:
        klus = s.get(Klus, s.get(Invitation, invitation_id).klus_id)
        length = klus.end - klus.start
        klus.start = app.service.today() - timedelta(weeks=RUNNING_WEEKS)
        klus.end = klus.start + length
        klus.status, klus.started_at = "running", app.service.now() - timedelta(weeks=RUNNING_WEEKS)
        s.add(klus)


def _invitation_on_latest(app: App, owner, worker) -> int | None:
    """`worker`'s invitation to `owner`'s latest klus, if the matcher asked them."""
    with transaction(app.engine) as s:
        klus = s.exec(select(Klus).where(Klus.owner_id == owner.id).order_by(Klus.id.desc())).first()
        inv = s.exec(select(Invitation).where(Invitation.klus_id == klus.id,
                                              Invitation.person_id == worker.id)).first() if klus else None
        return inv.id if inv else None


def _invitation_of(app: App, actor) -> int | None:
    invitations = app.service.my_invitations(actor)
    return invitations[0][0] if invitations else None
