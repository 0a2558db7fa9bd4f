"""The one message catalogue: every text a user can see, Dutch first, English second.

Templates are trusted text with `{name}` placeholders; `*bold*` and `_italic_` follow
Slack's mrkdwn (other platforms convert). Placeholders are filled by `bot.i18n.render`,
which escapes user text for the reader's platform.

Adding an entry: `"area.name": ("Nederlandse tekst {count}", "English text {count}")`, the
same placeholders in both, in your own commented block. A word that follows a number is
written `{count} {count|plek|plekken}` (the first form for exactly 1). Numbers are
written the reader's way by `render` (8.046 and 10,3 in Dutch; 8,046 and 10.3 in
English); pass numbers, dates and `bot.i18n.Euro` amounts, not formatted strings.
Commands and other literal text in the English line go in `backticks`.
tests/test_messages.py renders every entry in both languages and fails on a missing
text, different placeholders, or a Dutch word left in the English line.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # generic
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "ok": ("Prima, er is niets veranderd.", "Fine, nothing has changed."),
    "always": ("altijd", "any time"),
    "period": ("{start} – {end}", "{start} – {end}"),
    "from_date": ("vanaf {date}", "from {date}"),
    "until_date": ("tot {date}", "until {date}"),
    "percent": ("{value}%", "{value}%"),
    "duration.hours": ("{hours} uur", "{hours} {hours|hour|hours}"),
    "hours.per_week": ("{hours} uur per week", "{hours} {hours|hour|hours} a week"),
    "places.taken": ("{taken} van {places} bezet", "{taken} of {places} taken"),
    "quote": ("{text}", "{text}"),
    "more.cut": ("… en nog {count} (ingekort)", "… and {count} more (shortened)"),
    "lang.nl": ("Nederlands", "Dutch"),
    "lang.en": ("Engels", "English"),
    # fields (keys are the field names the forms and errors use)
    "field.name": ("Naam", "Name"),
    "field.job_title": ("Functie", "Job title"),
    "field.department": ("Afdeling", "Department"),
    "field.skills": ("Vaardigheden", "Skills"),
    "field.skills_asked": ("Gevraagde vaardigheden", "Skills asked"),
    "field.wants": ("Wil leren", "Wants to learn"),
    "field.hours_per_week": ("Uren per week", "Hours per week"),
    "field.available": ("Beschikbaar", "Available"),
    "field.available_from": ("Beschikbaar vanaf", "Available from"),
    "field.available_until": ("Beschikbaar tot", "Available until"),
    "field.visible": ("Zichtbaar", "Visible"),
    "field.preference": ("Voorkeur", "Preference"),
    "field.line_manager": ("Leidinggevende", "Line manager"),
    "field.lang": ("Taal", "Language"),
    "field.salary_scale": ("Salarisschaal", "Salary scale"),
    "field.title": ("Titel", "Title"),
    "field.description": ("Omschrijving en resultaat", "Description and expected result"),
    "field.description.short": ("Omschrijving", "Description"),  # where a label must be short
    "field.start": ("Startdatum", "Start date"),
    "field.end": ("Einddatum", "End date"),
    "field.period": ("Periode", "Period"),
    "field.places": ("Plekken", "Places"),
    "field.location": ("Waar", "Where"),
    "field.reach": ("Bereik", "Reach"),
    "hint.title": ("Bijvoorbeeld: Data-analist voor dashboard jeugdzorg",
                   "For example: Data analyst for a youth care dashboard"),
    "hint.description": ("Wat moet er aan het eind klaar zijn?", "What should be done at the end?"),
    "hint.skills": ("Komma-gescheiden, bv. Python, data-analyse, Power BI",
                    "Comma separated, e.g. Python, data analysis, Power BI"),
    "hint.wants": ("Waar wil je in groeien? Ook daarvoor kun je gevraagd worden.",
                   "What would you like to grow in? You can be asked for that too."),
    "hint.skills_asked": ("Optioneel; leeg = we halen ze uit titel en omschrijving",
                          "Optional; empty = taken from title and description"),
    "hint.date": ("Een datum, bv. 1-12-2026, 1 december of volgende week",
                  "A date, e.g. 2026-12-01, 1 December or next week"),
    "location.remote": ("op afstand", "remote"),
    "location.hybrid": ("hybride", "hybrid"),
    "location.on_site": ("op locatie", "on site"),
    "reach.department": ("eigen afdeling", "own department"),
    "reach.organisation": ("eigen organisatie", "own organisation"),
    "reach.all": ("overheidsbreed", "government-wide"),
    "preference.specific": ("specifieke klussen", "specific klussen"),
    "preference.surprise": ("verras me", "surprise me"),
    "preference.own_department": ("alleen mijn eigen afdeling", "only my own department"),
    "status.open": ("open", "open"),
    "status.filled": ("vol", "filled"),
    "status.running": ("loopt", "running"),
    "status.done": ("afgerond", "done"),
    "status.cancelled": ("geannuleerd", "cancelled"),
    "status.expired": ("verlopen", "expired"),
    "status.draft": ("concept", "draft"),
    # buttons
    "btn.accept": ("Accepteren", "Accept"),
    "btn.decline": ("Afwijzen", "Decline"),
    "btn.details": ("Vertel meer", "Tell me more"),
    "btn.confirm": ("Bevestigen", "Confirm"),
    "btn.reject": ("Afwijzen", "Turn down"),
    "btn.candidates": ("Kandidaten bekijken", "See candidates"),
    "btn.cancel_klus": ("Klus annuleren", "Cancel klus"),
    "btn.offer": ("Ik bied me aan", "I'd like to do this"),
    "btn.invite": ("Uitnodigen", "Invite"),
    "btn.edit_profile": ("Profiel bewerken", "Edit profile"),
    "btn.make_profile": ("Profiel maken", "Create profile"),
    "btn.pause": ("Pauzeren (verbergen)", "Pause (hide)"),
    "btn.show": ("Zichtbaar maken", "Make visible"),
    "btn.delete_profile": ("Profiel verwijderen", "Delete profile"),
    "btn.delete_yes": ("Ja, verwijder mijn profiel", "Yes, delete my profile"),
    "btn.keep": ("Nee, bewaren", "No, keep it"),
    "btn.save": ("Opslaan", "Save"),
    "btn.post": ("Plaatsen", "Post"),
    "btn.cancel": ("Annuleren", "Cancel"),
    "ask.decline_reason": ("Wil je zeggen waarom? (mag leeg blijven)", "Would you like to say why? (optional)"),
    # forms
    "form.profile.title": ("Mijn flexprofiel", "My flex profile"),
    "form.klus.title": ("Nieuwe klus", "New klus"),
    "form.decline.title": ("Uitnodiging afwijzen", "Decline invitation"),
    "form.decline.reason": ("Reden (optioneel)", "Reason (optional)"),
    # profiles
    "profile.title": ("Flexprofiel van {name}", "Flex profile of {name}"),
    "profile.none": ("Je hebt nog geen flexprofiel. Maak er een om gevraagd te worden voor klussen.",
                     "You have no flex profile yet. Create one to be asked for klussen."),
    "profile.visible": ("zichtbaar", "visible"),
    "profile.hidden": ("verborgen", "hidden"),
    "profile.hidden_note": ("Je profiel is verborgen: niemand ziet het en je wordt nergens voor gevraagd "
                            "tot je het zichtbaar maakt.",
                            "Your profile is hidden: nobody sees it and you are not asked for anything "
                            "until you make it visible."),
    "profile.created": ("Je flexprofiel is aangemaakt.", "Your flex profile has been created."),
    "profile.saved": ("Je flexprofiel is bijgewerkt.", "Your flex profile has been updated."),
    "profile.now_visible": ("Je profiel is zichtbaar. Je kunt nu gevraagd worden voor klussen.",
                            "Your profile is visible. You can now be asked for klussen."),
    "profile.now_hidden": ("Je profiel is gepauzeerd: je wordt niet gevraagd tot je het weer zichtbaar maakt "
                           "(`/flexpool zichtbaar`).",
                           "Your profile is paused: you won't be asked until you make it visible again "
                           "(`/flexpool visible`)."),
    "profile.delete_confirm": ("Weet je het zeker? Je profiel wordt verwijderd en openstaande uitnodigingen "
                               "vervallen.",
                               "Are you sure? Your profile will be deleted and open invitations withdrawn."),
    "profile.deleted": ("Je flexprofiel is verwijderd.", "Your flex profile has been deleted."),
    # klussen
    "klus.posted_title": ("Klus geplaatst: {title}", "Klus posted: {title}"),
    "klus.line_title": ("{title}", "{title}"),
    "klus.ref": ("klus #{id} · {status}", "klus #{id} · {status}"),
    "klus.skills_derived": ("Gevraagde vaardigheden uit je tekst gehaald: {skills}.",
                            "Skills asked, taken from your text: {skills}."),
    "klus.no_skills": ("Je noemde geen vaardigheden en we herkenden er geen; we zoeken op de titel.",
                       "You named no skills and we recognised none; we match on the title."),
    "klus.invited": ("Uitgenodigd: {names}. Je hoort het zodra iemand reageert.",
                     "Invited: {names}. You'll hear as soon as someone answers."),
    "klus.nobody": ("Nog niemand gevonden die past en tijd heeft. Tips: {suggestions}.",
                    "Nobody found yet who fits and has time. Tips: {suggestions}."),
    "klus.mine_header": ("Je klussen ({count}, nieuwste eerst):", "Your klussen ({count}, newest first):"),
    "klus.mine_none": ("Je hebt nog geen klussen geplaatst. Begin met `/klus`.",
                       "You haven't posted any klussen yet. Start with `/klus`."),
    "klus.open_header": ("Open klussen die bij je passen:", "Open klussen that fit you:"),
    "klus.open_none": ("Er staan nu geen open klussen voor je klaar.", "There are no open klussen for you right now."),
    "klus.open_no_profile": ("Tip: met een profiel (`/flexpool profiel`) zie je beter wat bij je past.",
                             "Tip: with a profile (`/flexpool profile`) you see better what fits you."),
    "klus.already_involved": ("Je bent hier al voor gevraagd of hebt al gereageerd.",
                              "You have already been asked for this or answered."),
    "klus.unknown": ("Klus #{id} bestaat niet (meer).", "Klus #{id} does not exist (any more)."),
    "klus.limit": ("Je hebt het afgelopen etmaal al {count} {count|klus|klussen} geplaatst; meer dan {max} per dag kan niet. "
                   "Probeer het morgen opnieuw, of vraag een beheerder van de flexpool om hulp.",
                   "You have posted {count} {count|klus|klussen} in the last 24 hours; more than {max} a day is not possible. "
                   "Try again tomorrow, or ask an admin of the flexpool for help."),
    "klus.duplicate": ("Deze klus had je net al geplaatst; er is geen tweede van gemaakt.",
                       "You had just posted this klus; no second one was made."),
    "klus.not_yours": ("Dat kan alleen de opdrachtgever van deze klus (of een beheerder).",
                       "Only the owner of this klus (or an admin) can do that."),
    "klus.not_open": ("Deze klus is {status}; dat kan nu niet meer.", "This klus is {status}; that is no longer possible."),
    "klus.cancelled": ("Klus *{title}* is geannuleerd. Iedereen die gevraagd was, is ingelicht.",
                       "Klus *{title}* has been cancelled. Everyone who was asked has been told."),
    "tip.fewer_hours": ("minder uren per week", "fewer hours a week"),
    "tip.broader_skills": ("bredere of minder vaardigheden", "broader or fewer skills"),
    "tip.longer_period": ("een langere periode of latere start", "a longer period or a later start"),
    "tip.wider_reach": ("een groter bereik (`bereik: overheidsbreed`)", "a wider reach (`reach: all`)"),
    # candidates
    "cand.title": ("Kandidaten voor {title}", "Candidates for {title}"),
    "cand.invited": ("*{name}* — {status} — {why}", "*{name}* — {status} — {why}"),
    "cand.more": ("*{name}* — nog niet gevraagd — {why}", "*{name}* — not asked yet — {why}"),
    "cand.none": ("Er zijn (nog) geen passende kandidaten.", "There are no fitting candidates (yet)."),
    "cand.invited_now": ("{name} is uitgenodigd.", "{name} has been invited."),
    "cand.not_available": ("Die kandidaat is niet (meer) beschikbaar voor deze klus.",
                           "That candidate is not (or no longer) available for this klus."),
    # invitations
    "inv.title": ("Klus: {title}", "Klus: {title}"),
    "inv.intro": ("{owner} zoekt iemand voor deze klus en denkt aan jou.",
                  "{owner} is looking for someone for this klus and thought of you."),
    "inv.why": ("Waarom jij: {why}", "Why you: {why}"),
    "inv.deadline": ("Reageer graag vóór {when}. Niemand wordt tegen zijn zin ingezet.",
                     "Please answer before {when}. Nobody is placed against their will."),
    "inv.accepted_wait": ("✅ Je hebt geaccepteerd. {owner} bevestigt nog; je hoort het snel.",
                          "✅ You accepted. {owner} still confirms; you'll hear soon."),
    "inv.declined_thanks": ("Je hebt afgewezen. Bedankt voor je reactie!", "You declined. Thanks for letting us know!"),
    "inv.confirmed": ("🎉 Bevestigd door {owner}. Start: {start}.", "🎉 Confirmed by {owner}. Start: {start}."),
    "inv.confirmed_dm": ("🎉 Je gaat aan de slag bij *{title}*, vanaf {start}, {hours} uur per week. "
                         "Neem contact op met {owner} om af te spreken.",
                         "🎉 You're on *{title}*, from {start}, {hours} {hours|hour|hours} a week. "
                         "Get in touch with {owner} to make arrangements."),
    "inv.confirmed_self": ("🎉 Je doet mee aan *{title}*.", "🎉 You're on *{title}*."),
    "inv.rejected": ("{owner} gaat voor deze klus met iemand anders verder. Bedankt voor je aanbod!",
                     "{owner} is going ahead with someone else for this klus. Thanks for offering!"),
    "inv.full": ("Helaas: *{title}* is inmiddels vol. Bedankt voor je interesse!",
                 "Sorry: *{title}* is full by now. Thanks for your interest!"),
    "inv.withdrawn_filled": ("Deze klus is inmiddels vol; je hoeft niets meer te doen. Bedankt!",
                             "This klus is full by now; there is nothing more to do. Thank you!"),
    "inv.withdrawn_cancelled": ("De opdrachtgever heeft *{title}* geannuleerd; je hoeft niets meer te doen.",
                                "The owner cancelled *{title}*; there is nothing more to do."),
    "inv.withdrawn_profile_deleted": ("Ingetrokken: je hebt je profiel verwijderd.",
                                      "Withdrawn: you deleted your profile."),
    "inv.unknown": ("Die uitnodiging bestaat niet (meer).", "That invitation does not exist (any more)."),
    "inv.not_yours": ("Deze uitnodiging is niet voor jou; alleen de genodigde kan hierop antwoorden.",
                      "This invitation is not yours; only the invitee can answer it."),
    "inv.already.accepted": ("Je had *{title}* al geaccepteerd.", "You had already accepted *{title}*."),
    "inv.already.confirmed": ("Je doet al mee aan *{title}*.", "You're already on *{title}*."),
    "inv.already.declined": ("Je had *{title}* al afgewezen.", "You had already declined *{title}*."),
    "inv.already.expired": ("Deze uitnodiging voor *{title}* is verlopen.", "This invitation for *{title}* has expired."),
    "inv.already.withdrawn": ("Deze uitnodiging voor *{title}* is ingetrokken.",
                              "This invitation for *{title}* has been withdrawn."),
    "inv.already.rejected": ("De opdrachtgever heeft je aanmelding voor *{title}* afgewezen.",
                             "The owner turned down your offer for *{title}*."),
    "inv.already.offered": ("Je bent al uitgenodigd voor *{title}*; kijk in je berichten.",
                            "You're already invited for *{title}*; see your messages."),
    "inv.status.offered": ("uitgenodigd", "invited"),
    "inv.status.accepted": ("geaccepteerd, wacht op jou", "accepted, waiting for you"),
    "inv.status.confirmed": ("bevestigd", "confirmed"),
    "inv.status.declined": ("afgewezen", "declined"),
    "inv.status.expired": ("verlopen", "expired"),
    "inv.status.withdrawn": ("ingetrokken", "withdrawn"),
    "inv.status.rejected": ("niet gekozen", "not chosen"),
    "why.has": ("{skill} ✓", "{skill} ✓"),
    "why.wants": ("wil leren: {skill}", "wants to learn: {skill}"),
    "why.title": ("functie: {title}", "job: {title}"),
    "why.free": ("{hours} uur vrij", "{hours} {hours|hour|hours} free"),
    "why.self": ("bood zich zelf aan", "offered themselves"),
    "why.nothing": ("beschikbaar", "available"),
    "details.contact": ("Vragen? Stel ze aan {owner}.", "Questions? Ask {owner}."),
    "home.invitations": ("*Je uitnodigingen*", "*Your invitations*"),
    "home.invitation": ("*{title}* — {status}", "*{title}* — {status}"),
    "home.status_accepted": ("geaccepteerd, wacht op bevestiging", "accepted, waiting for confirmation"),
    # the owner's side
    "acc.title": ("{name} wil {title} doen", "{name} would like to do {title}"),
    "acc.text": ("Waarom {name}: {why}. Bezet: {taken} van {places}. Bevestig je de match?",
                 "Why {name}: {why}. Taken: {taken} of {places}. Do you confirm the match?"),
    "acc.confirmed": ("✅ Bevestigd: {name} doet mee ({taken} van {places} {places|plek|plekken} bezet).",
                      "✅ Confirmed: {name} is on ({taken} of {places} {places|place|places} taken)."),
    "acc.auto_confirmed": ("✅ {name} doet mee aan *{title}* ({why}); {taken} van {places} {places|plek|plekken} bezet.",
                           "✅ {name} is on *{title}* ({why}); {taken} of {places} {places|place|places} taken."),
    "acc.already_confirmed": ("{name} was al bevestigd.", "{name} was already confirmed."),
    "acc.not_accepted": ("Dat kan niet meer: de uitnodiging van {name} is {status}.",
                         "That is no longer possible: {name}'s invitation is {status}."),
    "acc.rejected": ("Je bent niet met {name} verder gegaan; we nodigen zo nodig de volgende uit.",
                     "You did not go ahead with {name}; we invite the next candidate if needed."),
    "acc.full": ("Er is geen plek meer vrij voor {name}; de klus is vol.", "There is no place left for {name}; the klus is full."),
    "acc.withdrawn": ("{name} heeft zich teruggetrokken voor {title}.", "{name} withdrew from {title}."),
    "acc.withdrawn_full": ("Niet meer nodig: de klus is vol (of gestopt). {name} is ingelicht.",
                           "No longer needed: the klus is full (or stopped). {name} has been told."),
    "owner.declined": ("{name} heeft *{title}* afgewezen.", "{name} declined *{title}*."),
    "owner.declined_reason": ("{name} heeft *{title}* afgewezen: “{reason}”", "{name} declined *{title}*: “{reason}”"),
    "owner.next_invited": ("Voor *{title}* hebben we nu ook {names} uitgenodigd.",
                           "For *{title}* we have now also invited {names}."),
    "owner.nobody_left": ("Voor *{title}* is er niemand meer om te vragen. Tips: {suggestions}.",
                          "For *{title}* there is nobody left to ask. Tips: {suggestions}."),
    "owner.filled": ("🎉 *{title}* is vol: {names}. De andere uitnodigingen zijn ingetrokken.",
                     "🎉 *{title}* is filled: {names}. The other invitations have been withdrawn."),
    "offer.sent": ("Je aanbod voor *{title}* is doorgestuurd naar de opdrachtgever.",
                   "Your offer for *{title}* has been passed to the owner."),
    "offer.own": ("Dit is je eigen klus.", "This is your own klus."),
    "offer.outside_reach": ("Deze klus is niet voor jouw organisatie of afdeling bedoeld.",
                            "This klus is not meant for your organisation or department."),
    # DMs in plain words
    "dm.no_open": ("Je hebt geen openstaande uitnodigingen.", "You have no open invitations."),
    "dm.confirm_yes": ("Wil je *{title}* accepteren?", "Do you want to accept *{title}*?"),
    "dm.confirm_no": ("Wil je *{title}* afwijzen?", "Do you want to decline *{title}*?"),
    "dm.help": ("Antwoord met *ja* of *nee* op je laatste uitnodiging, *vertel meer* voor details, "
                "of gebruik `/flexpool help`.",
                "Answer *yes* or *no* to your latest invitation, *tell me more* for details, "
                "or use `/flexpool help`."),
    # time
    "time.reminder": ("Herinnering: {owner} wacht nog op je antwoord voor *{title}* (graag vóór {when}).",
                      "Reminder: {owner} is still waiting for your answer about *{title}* (please before {when})."),
    "time.expired": ("Deze uitnodiging is verlopen; geen probleem, we vragen iemand anders.",
                     "This invitation has expired; no problem, we'll ask someone else."),
    "time.withdrawn_started": ("*{title}* is inmiddels begonnen; je hoeft niets meer te doen.",
                               "*{title}* has started by now; there is nothing more to do."),
    "time.klus_expired": ("*{title}* had op de startdatum nog niemand; de klus is verlopen. Tips voor een nieuwe "
                          "poging: {suggestions}.",
                          "*{title}* had nobody by its start date; the klus has expired. Tips for another try: "
                          "{suggestions}."),
    "time.starts_owner": ("*{title}* begint vandaag, met {names}. Succes!", "*{title}* starts today, with {names}. Good luck!"),
    "time.starts": ("Vandaag begint *{title}* ({hours} uur per week). {owner} verwacht je; succes!",
                    "*{title}* starts today ({hours} {hours|hour|hours} a week). {owner} expects you; good luck!"),
    "time.end_soon": ("*{title}* loopt af op {end}. Is het resultaat op koers?",
                      "*{title}* ends on {end}. Is the result on track?"),
    # feedback
    "fb.title": ("Terugblik: {title}", "Looking back: {title}"),
    "fb.ask_delivered": ("Heeft {name} het resultaat geleverd?", "Did {name} deliver the result?"),
    "fb.delivered.yes": ("Ja", "Yes"),
    "fb.delivered.partly": ("Deels", "Partly"),
    "fb.delivered.no": ("Nee", "No"),
    "fb.thanks_delivered": ("Dank je! Resultaat geleverd: {answer}.", "Thank you! Result delivered: {answer}."),
    "fb.ask_skills": ("Welke vaardigheden liet {name} zien? Ze komen met een vinkje op het profiel.",
                      "Which skills did {name} show? They go on the profile with a mark."),
    "fb.endorse": ("✓ {skill}", "✓ {skill}"),
    "fb.endorsed": ("Bevestigd: {skills}", "Endorsed: {skills}"),
    "fb.ask_colleague": ("*{title}* is afgerond. Hoe was het?", "*{title}* is done. How was it?"),
    "fb.rating.3": ("😊 Goed", "😊 Good"),
    "fb.rating.2": ("😐 Gaat wel", "😐 So-so"),
    "fb.rating.1": ("🙁 Niet goed", "🙁 Not good"),
    "fb.thanks_rating": ("Bedankt voor je terugblik: {answer}.", "Thanks for looking back: {answer}."),
    "fb.not_yours": ("Deze terugblik is niet voor jou.", "This feedback is not yours to give."),
    # --- issue 13: the klus lifecycle (reject with a reason, cancel, edit, repost, details,
    # the mid-way check, feedback, endorsements, accepted-but-unconfirmed) -----------------------
    "ask.reject_reason": ("Wil je zeggen waarom? De collega ziet je toelichting (mag leeg blijven).",
                          "Would you like to say why? The colleague sees what you write (optional)."),
    "inv.rejected_plain": ("{owner} heeft je aanmelding voor deze klus afgewezen. Bedankt voor je aanbod!",
                           "{owner} has turned down your offer for this klus. Thanks for offering!"),
    "inv.rejected_reason": ("Toelichting: “{reason}”", "Their note: “{reason}”"),
    "acc.rejected_reason": ("Je hebt {name} afgewezen, met je toelichting: “{reason}”. We nodigen zo nodig de "
                            "volgende uit.",
                            "You turned down {name}, with your note: “{reason}”. We'll invite the next person if "
                            "needed."),
    "acc.cancelled": ("Niet meer nodig: je hebt de klus geannuleerd; {name} is ingelicht.",
                      "No longer needed: you cancelled the klus; {name} has been told."),
    "btn.cancel_yes": ("Ja, annuleer de klus", "Yes, cancel the klus"),
    "btn.cancel_no": ("Nee, laten staan", "No, keep it"),
    "ask.cancel_reason": ("Waarom annuleer je? Iedereen die gevraagd is ziet je toelichting (mag leeg blijven).",
                          "Why are you cancelling? Everyone asked sees your note (optional)."),
    "klus.cancel_ask": ("Weet je zeker dat je *{title}* wilt annuleren?", "Are you sure you want to cancel *{title}*?"),
    "klus.cancel_tells": ("Zij krijgen bericht: {names}.", "They will be told: {names}."),
    "klus.cancel_tells_nobody": ("Er is nog niemand gevraagd.", "Nobody has been asked yet."),
    "klus.cancel_reason_shown": ("Toelichting: “{reason}”", "Their note: “{reason}”"),
    "klus.cancelled_told": ("Klus *{title}* is geannuleerd. Ingelicht: {names}.",
                            "Klus *{title}* has been cancelled. Told: {names}."),
    "klus.cancelled_nobody": ("Klus *{title}* is geannuleerd. Er was nog niemand gevraagd.",
                              "Klus *{title}* has been cancelled. Nobody had been asked yet."),
    "btn.edit_klus": ("Wijzigen", "Edit"),
    "btn.repost_klus": ("Opnieuw plaatsen", "Post again"),
    "form.klus_edit.title": ("Klus wijzigen", "Edit klus"),
    "klus.edit_usage": ("Zo wijzig je een klus: `/klus wijzig <nummer>; uren: 6; plekken: 3; tot 31 maart` "
                        "(ook titel:, omschrijving:, start:). Het nummer staat onder de klus bij `/klus mijn`.",
                        "To edit a klus: `/klus wijzig <number>; hours: 6; places: 3; until 31 March` "
                        "(also title:, description:, start:). The number is under the klus in `/klus mijn`."),
    "klus.edit_places_below": ("Er zijn al {taken} plekken bevestigd; minder plekken dan dat kan niet.",
                               "{taken} places are confirmed already; fewer places than that is not possible."),
    "klus.edit_hours_short": ("Dat past niet bij wie al meedoet of heeft geaccepteerd: {names} heeft niet zoveel "
                              "uren vrij in die periode. Overleg eerst, of kies minder uren.",
                              "That does not fit who is on it or accepted: {names} does not have that many hours "
                              "free in that period. Talk to them first, or choose fewer hours."),
    "klus.edit_nothing": ("Er is niets veranderd aan *{title}*.", "Nothing changed on *{title}*."),
    "klus.edited": ("✏️ *{title}* is gewijzigd: {changes}.", "✏️ *{title}* has been changed: {changes}."),
    "klus.edited_told": ("Ingelicht: {names}.", "Told: {names}."),
    "klus.edited_told_nobody": ("Er was nog niemand gevraagd.", "Nobody had been asked yet."),
    "klus.edited_dropped": ("Hun uitnodiging is ingetrokken, want ze hebben niet genoeg uren vrij: {names}.",
                            "Their invitation was withdrawn, as they do not have enough hours free: {names}."),
    "klus.edited_tell": ("✏️ {owner} heeft *{title}* gewijzigd: {changes}.", "✏️ {owner} has changed *{title}*: {changes}."),
    "klus.edited_no_room": ("Daarvoor heb je niet genoeg uren vrij, dus je uitnodiging is ingetrokken; je hoeft "
                            "niets te doen.",
                            "You do not have enough hours free for that, so your invitation has been withdrawn; "
                            "there is nothing you need to do."),
    "klus.changed.title": ("titel “{old}” → “{new}”", "title “{old}” → “{new}”"),
    "klus.changed.description": ("omschrijving aangepast", "description changed"),
    "klus.changed.hours": ("uren per week {old} → {new}", "hours a week {old} → {new}"),
    "klus.changed.period": ("periode {old} → {new}", "period {old} → {new}"),
    "klus.changed.places": ("plekken {old} → {new}", "places {old} → {new}"),
    "klus.repost_not_yet": ("Deze klus is {status}; opnieuw plaatsen kan bij een verlopen of geannuleerde klus. "
                            "Wijzigen kan wel, via `/klus mijn`.",
                            "This klus is {status}; posting again is for an expired or cancelled klus. You can "
                            "edit it instead, via `/klus mijn`."),
    "details.no_description": ("{owner} gaf geen omschrijving of beoogd resultaat; vraag ernaar voordat je beslist.",
                               "{owner} gave no description or intended result; ask before you decide."),
    "details.poster": ("Opdrachtgever: {owner} · {organisation} · afdeling {department}",
                       "Posted by: {owner} · {organisation} · department {department}"),
    "details.reach": ("Vragen? Stuur {owner} een direct bericht in {platform} (zoek op “{owner}”).",
                      "Questions? Send {owner} a direct message in {platform} (search for “{owner}”)."),
    "details.status": ("Je uitnodiging: {status}", "Your invitation: {status}"),
    "inv.mine.offered": ("wacht op jouw antwoord", "waiting for your answer"),
    "inv.mine.accepted": ("je hebt geaccepteerd; het wacht op {owner}, die nog moet bevestigen",
                          "you accepted; it is waiting for {owner}, who has yet to confirm"),
    "inv.mine.accepted_manager": ("je hebt geaccepteerd; het wacht op het akkoord van je leidinggevende {manager}",
                                  "you accepted; it is waiting for your line manager {manager} to approve"),
    "inv.mine.confirmed": ("bevestigd: je doet mee", "confirmed: you're on it"),
    "inv.mine.declined": ("je hebt afgewezen", "you declined"),
    "inv.mine.expired": ("verlopen (niet op tijd beantwoord)", "expired (not answered in time)"),
    "inv.mine.withdrawn": ("ingetrokken; je hoeft niets te doen", "withdrawn; nothing for you to do"),
    "inv.mine.rejected": ("{owner} heeft je aanmelding afgewezen", "{owner} turned down your offer"),
    "btn.midway_ok": ("👍 Op koers", "👍 On track"),
    "btn.midway_help": ("🆘 Hulp nodig", "🆘 Need help"),
    "ask.midway_help": ("Waar loop je tegenaan? Het flexpoolbureau leest mee (mag leeg blijven).",
                        "What is getting in the way? The flexpool office will read it (optional)."),
    "time.midway_ok": ("👍 Fijn dat het op koers ligt. Succes met de laatste loodjes!",
                       "👍 Good to hear it's on track. Good luck with the final stretch!"),
    "time.midway_help_told": ("🆘 Het flexpoolbureau is ingelicht en neemt contact met je op.",
                              "🆘 The flexpool office has been told and will get in touch."),
    "time.midway_help_nobody": ("Er is (nog) geen flexpoolbureau ingesteld om te helpen; vraag je beheerder om "
                                "`FLEXPOOL_ADMINS`.",
                                "No flexpool office has been set up (yet) to help; ask your administrator to set "
                                "`FLEXPOOL_ADMINS`."),
    "time.midway_office": ("🆘 {owner} vraagt hulp bij *{title}* (loopt tot {end}; met {names}): “{text}”",
                           "🆘 {owner} asks for help with *{title}* (runs until {end}; with {names}): “{text}”"),
    "ask.feedback_text": ("Wil je er iets over zeggen? (mag leeg blijven)", "Anything you'd like to add? (optional)"),
    "fb.thanks_comment": ("Je toelichting is bewaard: “{text}”", "Your note has been saved: “{text}”"),
    "fb.office_told": ("Het flexpoolbureau leest je terugblik en kan contact met je opnemen.",
                       "The flexpool office reads your feedback and may get in touch."),
    "fb.office_rating": ("Terugblik van {name} op *{title}* (opdrachtgever {owner}): {answer} — “{text}”",
                         "Feedback from {name} on *{title}* (owner {owner}): {answer} — “{text}”"),
    "fb.office_not_delivered": ("{owner} meldt dat {name} het resultaat van *{title}* niet heeft geleverd.",
                                "{owner} reports that {name} did not deliver the result of *{title}*."),
    "fb.not_delivered_noted": ("Jammer. Er worden dan geen vaardigheden van {name} bevestigd; het flexpoolbureau "
                               "kan contact opnemen.",
                               "A pity. No skills of {name} are endorsed then; the flexpool office may get in "
                               "touch."),
    "fb.no_skills_after_no": ("Je gaf aan dat {name} het resultaat niet heeft geleverd; dan bevestigen we geen "
                              "vaardigheden.",
                              "You said {name} did not deliver the result; so no skills are endorsed."),
    "fb.you_were_endorsed": ("⭐ {owner} bevestigt na *{title}* dat je {skill} beheerst. Het staat met een vinkje op "
                             "je profiel (`/flexpool profiel`).",
                             "⭐ {owner} confirms after *{title}* that you master {skill}. It is on your profile "
                             "with a mark (`/flexpool profiel`)."),
    "hint.skills_endorsed": ("Bevestigd door opdrachtgevers (staat al op je profiel): {skills}",
                             "Endorsed by klus owners (already on your profile): {skills}"),
    "time.owner_reminder": ("Herinnering: {name} accepteerde *{title}* {hours} uur geleden en wacht op je "
                            "bevestiging.",
                            "Reminder: {name} accepted *{title}* {hours} hours ago and is waiting for you to "
                            "confirm."),
    "time.owner_escalated": ("{name} wacht nog steeds op je antwoord voor *{title}* (start {start}); het "
                             "flexpoolbureau is ingelicht. Zonder bevestiging doet {name} niet mee.",
                             "{name} is still waiting for your answer on *{title}* (starts {start}); the flexpool "
                             "office has been told. Without your confirmation {name} will not take part."),
    "time.owner_reminder_last": ("{name} wacht nog steeds op je antwoord voor *{title}* (start {start}). Zonder "
                                 "bevestiging doet {name} niet mee.",
                                 "{name} is still waiting for your answer on *{title}* (starts {start}). Without "
                                 "your confirmation {name} will not take part."),
    "time.office_unconfirmed": ("{name} accepteerde *{title}* {hours} uur geleden, maar {owner} heeft nog niet "
                                "bevestigd of afgewezen. De klus begint op {start}.",
                                "{name} accepted *{title}* {hours} hours ago, but {owner} has not confirmed or "
                                "turned them down yet. The klus starts on {start}."),
    "time.withdrawn_running": ("*{title}* is vandaag begonnen met anderen; je uitnodiging is vervallen. Je hoeft "
                               "niets meer te doen.",
                               "*{title}* started today with others; your invitation has lapsed. There is nothing "
                               "you need to do."),
    "time.withdrawn_expired": ("*{title}* gaat niet door: op de startdatum was niemand bevestigd. Je uitnodiging "
                               "is vervallen; je hoeft niets meer te doen.",
                               "*{title}* is not going ahead: nobody was confirmed by the start date. Your "
                               "invitation has lapsed; there is nothing you need to do."),
    "time.unconfirmed_running": ("{owner} heeft je aanmelding voor *{title}* niet op tijd bevestigd; de klus is "
                                 "vandaag zonder jou begonnen. Sorry! Andere klussen vind je met `/flexpool klussen`.",
                                 "{owner} did not confirm your offer for *{title}* in time; the klus started today "
                                 "without you. Sorry! Find other klussen with `/flexpool klussen`."),
    "time.unconfirmed_expired": ("{owner} heeft je aanmelding voor *{title}* niet op tijd bevestigd, en de klus gaat "
                                 "niet door (verlopen op de startdatum). Sorry! Andere klussen vind je met "
                                 "`/flexpool klussen`.",
                                 "{owner} did not confirm your offer for *{title}* in time, and the klus is not "
                                 "going ahead (expired on its start date). Sorry! Find other klussen with "
                                 "`/flexpool klussen`."),
    "time.unconfirmed_owner_card": ("Niet meer mogelijk: {name} had *{title}* geaccepteerd, maar je bevestigde niet "
                                    "vóór de startdatum. {name} is ingelicht.",
                                    "No longer possible: {name} had accepted *{title}*, but you did not confirm "
                                    "before the start date. {name} has been told."),
    "time.unconfirmed_owner_running": ("*{title}* is begonnen. {names} had geaccepteerd, maar je hebt niet "
                                       "bevestigd; zij zijn ingelicht dat ze niet meedoen.",
                                       "*{title}* has started. {names} had accepted, but you did not confirm; they "
                                       "have been told they are not taking part."),
    "time.unconfirmed_owner_expired": ("*{title}* is verlopen: op de startdatum had je niemand bevestigd, terwijl "
                                       "{names} had geaccepteerd. Zij zijn ingelicht. Opnieuw proberen? Kies "
                                       "Opnieuw plaatsen bij `/klus mijn`.",
                                       "*{title}* has expired: nobody was confirmed by the start date, although "
                                       "{names} had accepted. They have been told. Try again? Choose Post again "
                                       "under `/klus mijn`."),
    "time.unconfirmed_office_running": ("Ter info: {owner} bevestigde {names} niet vóór de start van *{title}*; de "
                                        "klus is zonder hen begonnen.",
                                        "For your information: {owner} did not confirm {names} before *{title}* "
                                        "started; it started without them."),
    "time.unconfirmed_office_expired": ("Ter info: {owner} bevestigde {names} niet vóór de start van *{title}*; de "
                                        "klus is verlopen.",
                                        "For your information: {owner} did not confirm {names} before *{title}* "
                                        "started; the klus has expired."),
    "platform.slack": ("Slack", "Slack"),
    "platform.mattermost": ("Mattermost", "Mattermost"),
    "platform.shell": ("de terminal", "the terminal"),
    "help.form_as_line": ("Typ dit (of pas het eerst aan): `{line}`", "Type this (or change it first): `{line}`"),
    # --- end of issue 13's block ---------------------------------------------------------------
    "field.endorsed": ("Bevestigd door opdrachtgevers", "Endorsed by klus owners"),
    # digest
    "digest.on": ("Je krijgt voortaan elke week een overzicht van open klussen die bij je passen.",
                  "From now on you get a weekly overview of open klussen that fit you."),
    "digest.off": ("Je krijgt geen wekelijks overzicht meer.", "You no longer get a weekly overview."),
    "digest.title": ("Je weekoverzicht", "Your weekly overview"),
    "digest.intro": ("Deze open klussen passen bij je profiel:", "These open klussen fit your profile:"),
    "digest.note": ("Uitzetten: `/flexpool digest uit`", "Turn off: `/flexpool digest off`"),
    "err.digest_word": ("Typ `/flexpool digest aan` of `/flexpool digest uit`.", "Type `/flexpool digest on` or `/flexpool digest off`."),
    # stats
    "stats.title": ("Flexpool in cijfers", "Flexpool in figures"),
    "stats.admins_only": ("Statistieken zijn alleen voor beheerders van de flexpool.",
                          "Stats are for flexpool admins only."),
    "stats.klussen": ("Klussen geplaatst in de periode", "Klussen posted in the period"),
    "stats.open": ("… waarvan nu open", "… of which open now"),
    "stats.filled": ("… waarvan vol of lopend", "… of which filled or running"),
    "stats.done": ("… waarvan afgerond", "… of which done"),
    "stats.cancelled": ("… waarvan geannuleerd", "… of which cancelled"),
    "stats.invitations": ("Uitnodigingen verstuurd (zelf aanbieden niet meegeteld)",
                          "Invitations sent (self-offers not counted)"),
    "stats.acceptance": ("Geaccepteerd, van de beantwoorde uitnodigingen", "Accepted, of the invitations answered"),
    "stats.median_fill": ("Mediane tijd van plaatsen tot vol", "Median time from posting to filled"),
    "stats.placements": ("Plaatsingen (bevestigde plekken, ook nog niet begonnen)",
                         "Placements (confirmed places, also not started yet)"),
    "stats.hours_booked": ("Uren geboekt (bevestigde plekken, over de hele klus)",
                           "Hours booked (confirmed places, over the whole klus)"),
    "stats.profiles": ("Zichtbare profielen (nu)", "Visible profiles (now)"),
    # the flexpool office (bot.office): stats over a period, chart, export, import, roles, audit
    "stats.period": ("Periode: {period}", "Period: {period}"),
    "stats.expired": ("… waarvan verlopen (niemand gevonden)", "… of which expired (nobody found)"),
    "stats.fill_rate": ("Plekken bezet, van de besliste klussen", "Places taken, of the decided klussen"),
    "stats.hours_delivered": ("Uren geleverd in de periode (tot gisteren)", "Hours delivered in the period (up to yesterday)"),
    "stats.people_active": ("Collega's aan het werk (met geleverde uren)", "Colleagues at work (with hours delivered)"),
    "stats.mobility": ("… van wie buiten eigen afdeling", "… of whom outside their own department"),
    "stats.mobility_value": ("{count} van {total} ({percent}%)", "{count} of {total} ({percent}%)"),
    "stats.top_skills": ("Meest gevraagde vaardigheden (in hoeveel klussen)", "Most asked skills (in how many klussen)"),
    "stats.missing_skills": ("Gevraagd, maar niemand zichtbaar in de pool heeft het", "Asked, but nobody visible in the pool has it"),
    "stats.skill_count": ("{skill} ({count}×)", "{skill} ({count}×)"),
    "stats.skill_missing": ("{skill} ({count}×; {learners} {learners|wil|willen} het leren)", "{skill} ({count}×; {learners} {learners|wants|want} to learn it)"),
    "stats.money": ("Externe inhuur vermeden (schatting)", "External hiring avoided (estimate)"),
    "stats.euro": ("€ {amount}", "€{amount}"),
    "stats.money_note": ("Vermeden inhuur = uren geleverd × (extern tarief − interne kosten); standaard € {external} − "
                         "€ {internal} per uur, per salarisschaal via FLEXPOOL_TARIFFS.",
                         "External hiring avoided = hours delivered × (external tariff − internal cost); by default "
                         "€{external} − €{internal} an hour, per salary scale via FLEXPOOL_TARIFFS."),
    "office.all_time": ("alles tot nu toe", "all time"),
    "office.admins_only": ("Dit is alleen voor beheerders van de flexpool (het flexbureau). Er is niets veranderd.",
                           "This is for flexpool admins (the flexpool office) only. Nothing has changed."),
    "office.bad_period": ("Die periode ken ik niet: “{text}”. Kies `deze maand`, `vorige maand`, `kwartaal`, `jaar`, "
                          "`2026` of `2026-01-01 tot 2026-03-31`.",
                          "I don't know that period: “{text}”. Choose `this month`, `last month`, `quarter`, `year`, "
                          "`2026` or `2026-01-01 to 2026-03-31`."),
    "office.chart_sent": ("De grafiek ({period}) komt eraan als bestand in je berichten.",
                          "The chart ({period}) is on its way as a file in your messages."),
    "office.no_upload": ("Het bestand {filename} kan op dit platform (nog) niet worden verstuurd; gebruik "
                         "`flexpool export` of `flexpool stats --chart` op de server.",
                         "The file {filename} cannot be sent on this platform (yet); use `flexpool export` or "
                         "`flexpool stats --chart` on the server."),
    "btn.chart": ("Grafiek", "Chart"),
    "btn.export": ("Exporteren (CSV)", "Export (CSV)"),
    "chart.title": ("Flexpool: {period}", "Flexpool: {period}"),
    "chart.filled_per_month": ("Klussen vol per maand", "Klussen filled per month"),
    "chart.hours_per_department": ("Uren geleverd per afdeling", "Hours delivered per department"),
    "chart.hours": ("uren", "hours"),
    "chart.no_data": ("nog geen gegevens", "no data yet"),
    "chart.no_department": ("(geen afdeling)", "(no department)"),
    "export.klussen": ("klussen", "klussen"),
    "export.invitations": ("uitnodigingen", "invitations"),
    "export.placements": ("plaatsingen", "placements"),
    "export.title": ("Flexpool-export: {period}", "Flexpool export: {period}"),
    "export.sent": ("De export ({period}) komt eraan als bestanden in je berichten: {files}. Dit is vastgelegd in "
                    "het auditlog.",
                    "The export ({period}) is on its way as files in your messages: {files}. This has been recorded "
                    "in the audit log."),
    "col.id": ("Id", "Id"),
    "col.title": ("Titel", "Title"),
    "col.status": ("Status", "Status"),
    "col.owner": ("Opdrachtgever", "Owner"),
    "col.organisation": ("Organisatie", "Organisation"),
    "col.department": ("Afdeling", "Department"),
    "col.skills": ("Vaardigheden", "Skills"),
    "col.hours_per_week": ("Uren per week", "Hours per week"),
    "col.start": ("Start", "Start"),
    "col.end": ("Einde", "End"),
    "col.places": ("Plekken", "Places"),
    "col.taken": ("Bezet", "Taken"),
    "col.reach": ("Bereik", "Reach"),
    "col.location": ("Locatie", "Location"),
    "col.created": ("Geplaatst op", "Posted at"),
    "col.filled": ("Vol op", "Filled at"),
    "col.started": ("Gestart op", "Started at"),
    "col.closed": ("Gesloten op", "Closed at"),
    "col.klus_id": ("Klus-id", "Klus id"),
    "col.klus": ("Klus", "Klus"),
    "col.name": ("Naam", "Name"),
    "col.self_offered": ("Zelf aangeboden", "Self-offered"),
    "col.score": ("Score", "Score"),
    "col.invited": ("Uitgenodigd op", "Invited at"),
    "col.answered": ("Beantwoord op", "Answered at"),
    "col.decided": ("Besloten op", "Decided at"),
    "col.decline_reason": ("Reden afwijzing", "Decline reason"),
    "col.own_department": ("Eigen afdeling", "Own department"),
    "col.klus_department": ("Afdeling klus", "Klus department"),
    "col.outside_department": ("Buiten eigen afdeling", "Outside own department"),
    "col.scale": ("Schaal", "Scale"),
    "col.hours_booked": ("Uren geboekt", "Hours booked"),
    "col.hours_delivered": ("Uren geleverd", "Hours delivered"),
    "col.saved": ("Vermeden inhuur (EUR)", "External hiring avoided (EUR)"),
    "import.title": ("Profielen importeren", "Importing profiles"),
    "import.how": ("Stuur een CSV-bestand mee als bijlage in een privébericht aan mij, of geef een link: "
                   "`/flexpool import https://intranet.example/hr-export.csv`.",
                   "Attach a CSV file to a direct message to me, or give a link: "
                   "`/flexpool import https://intranet.example/hr-export.csv`."),
    "import.not_csv": ("Van bijlagen lees ik alleen CSV-bestanden met profielen (voor beheerders van de flexpool); "
                       "“{name}” is geen CSV-bestand, er is niets mee gedaan.",
                       "Of attachments I only read CSV files with profiles (for flexpool admins); "
                       "“{name}” is not a CSV file, nothing was done with it."),
    "import.columns": ("Kolommen (eerste regel): platform, workspace, user_id, naam, e-mail (optioneel, alleen het "
                       "domein telt, wordt niet bewaard), organisatie, functie, afdeling, vaardigheden, wil_leren, "
                       "uren, zichtbaar (ja/nee), schaal, kostenplaats, leidinggevende, taal (nl/en), "
                       "beschikbaar_vanaf, beschikbaar_tot, voorkeur. Scheidingsteken "
                       "`;` of `,`. Een lege cel laat een waarde zoals hij is; nieuwe profielen zijn verborgen tenzij "
                       "zichtbaar = ja.",
                       "Columns (first line): platform, workspace, user_id, naam (name), e-mail (optional, only "
                       "its domain counts, not stored), organisatie (organisation), functie (job title), afdeling "
                       "(department), vaardigheden (skills), wil_leren (wants to learn), uren (hours), zichtbaar "
                       "(visible, ja/nee), schaal (scale), kostenplaats (cost centre), leidinggevende (line "
                       "manager), taal (nl/en), beschikbaar_vanaf, beschikbaar_tot, voorkeur; English names work too. "
                       "Separator `;` or `,`. An empty cell leaves a value as it is; new profiles are hidden unless "
                       "visible = yes."),
    "import.summary": ("{created} nieuw, {updated} bijgewerkt, {rejected} {rejected|rij|rijen} afgewezen.",
                       "{created} created, {updated} updated, {rejected} {rejected|row|rows} rejected."),
    "import.created": ("Nieuw: {names}", "Created: {names}"),
    "import.updated": ("Bijgewerkt: {names}", "Updated: {names}"),
    "import.rejected_header": ("Afgewezen (er is niets van deze rijen opgeslagen):",
                               "Rejected (nothing of these rows was stored):"),
    "import.rejected_row": ("• rij {row}, {column}: {error}", "• row {row}, {column}: {error}"),
    "import.ignored": ("Onbekende kolommen genegeerd: {columns}", "Unknown columns ignored: {columns}"),
    "import.err.too_big": ("Het bestand is te groot: hoogstens {mb} MB in de chat of via een link (een groter "
                           "bestand kan op de opdrachtregel: flexpool import-profiles).",
                           "The file is too big: at most {mb} MB in chat or through a link (a bigger file can "
                           "go through the command line: flexpool import-profiles)."),
    "import.err.empty": ("Het bestand is leeg of heeft geen kolomnamen op de eerste regel.",
                         "The file is empty or has no column names on its first line."),
    "import.err.column": ("De kolom {column} ontbreekt; er is niets geïmporteerd.",
                          "The column {column} is missing; nothing was imported."),
    # --- issue 16: the streaming import ---
    "import.err.csv": ("deze rij is niet als CSV te lezen ({reason}); de rijen erna zijn wel gelezen.",
                       "this row cannot be read as CSV ({reason}); the rows after it were read."),
    "import.err.platform": ("onbekend platform “{value}”; kies slack, mattermost of shell.",
                            "unknown platform “{value}”; choose slack, mattermost or shell."),
    "import.err.workspace": ("vul de workspace in (Slack: team-id zoals T0123; Mattermost: team-id).",
                             "fill in the workspace (Slack: team id like T0123; Mattermost: team id)."),
    "import.err.user_id": ("vul de gebruikers-id in zoals het chatplatform die kent (bv. U0123ABCD), zonder spaties.",
                           "fill in the user id as the chat platform knows it (e.g. U0123ABCD), without spaces."),
    "import.err.conflict": ("deze persoon werd tegelijk ergens anders bijgewerkt; probeer deze rij opnieuw.",
                            "this person was changed elsewhere at the same moment; try this row again."),
    "import.err.link": ("Dat is geen link die ik mag ophalen; gebruik een http(s)-link naar een CSV-bestand.",
                        "That is not a link I may fetch; use an http(s) link to a CSV file."),
    "import.err.no_access": ("Ik mag dat bestand niet lezen; waarschijnlijk mist de app het recht om bestanden te "
                             "lezen (Slack: files:read, installeer de app opnieuw). Er is niets geïmporteerd.",
                             "I may not read that file; the app probably lacks the right to read files (Slack: "
                             "files:read, reinstall the app). Nothing was imported."),
    "import.err.fetch": ("Het bestand kon niet worden opgehaald ({reason}); er is niets geïmporteerd.",
                         "The file could not be fetched ({reason}); nothing was imported."),
    "admin.title": ("Beheerders van de flexpool", "Flexpool admins"),
    "admin.usage": ("Typ `/flexpool admin add @iemand`, `/flexpool admin remove @iemand` of `/flexpool admin lijst`.",
                    "Type `/flexpool admin add @someone`, `/flexpool admin remove @someone` or `/flexpool admin list`."),
    "admin.unknown": ("Ik ken “{who}” niet. Noem iemand met @, of geef de gebruikers-id; wie de bot nog nooit "
                      "sprak, laat eerst een bericht aan de bot sturen.",
                      "I don't know “{who}”. Mention someone with @, or give their user id; someone who never spoke "
                      "to the bot should send it a message first."),
    "admin.already": ("{name} is al beheerder.", "{name} is already an admin."),
    "admin.added": ("{name} is nu beheerder van de flexpool. Dit is vastgelegd in het auditlog.",
                    "{name} is now a flexpool admin. This has been recorded in the audit log."),
    "admin.removed": ("{name} is geen beheerder meer. Dit is vastgelegd in het auditlog.",
                      "{name} is no longer an admin. This has been recorded in the audit log."),
    "admin.not_admin": ("{name} is geen beheerder; er is niets veranderd.", "{name} is not an admin; nothing has changed."),
    "admin.in_settings": ("{name} is beheerder via de instellingen (FLEXPOOL_ADMINS); haal die daar weg.",
                          "{name} is an admin through the settings (FLEXPOOL_ADMINS); remove them there."),
    "admin.you_added": ("{by} heeft je beheerder van de flexpool gemaakt. Zie `/flexpool help` onder *Beheer*.",
                        "{by} made you a flexpool admin. See `/flexpool help` under *Admin*."),
    "admin.you_removed": ("{by} heeft je beheerdersrol van de flexpool ingetrokken.",
                          "{by} removed your flexpool admin role."),
    "admin.list_settings": ("*Via de instellingen:* {admins}", "*Through the settings:* {admins}"),
    "admin.list_added": ("*Toegevoegd in de chat:*\n{admins}", "*Added in chat:*\n{admins}"),
    "admin.entry": ("• {name} ({user}), door {by}", "• {name} ({user}), by {by}"),
    "admin.none": ("niemand", "nobody"),
    "audit.title": ("Auditlog (laatste {count})", "Audit log (latest {count})"),
    "audit.none": ("Het auditlog is nog leeg.", "The audit log is still empty."),
    "audit.line": ("{when} · {who}: {what}", "{when} · {who}: {what}"),
    "audit.admin_add": ("maakte {name} ({user}) beheerder", "made {name} ({user}) an admin"),
    "audit.admin_remove": ("trok de beheerdersrol van {name} ({user}) in", "removed the admin role of {name} ({user})"),
    "audit.export": ("exporteerde klussen, uitnodigingen en plaatsingen ({period}, {rows} {rows|rij|rijen})",
                     "exported klussen, invitations and placements ({period}, {rows} {rows|row|rows})"),
    "audit.import": ("importeerde profielen uit {source}: {created} nieuw, {updated} bijgewerkt, {rejected} afgewezen",
                     "imported profiles from {source}: {created} created, {updated} updated, {rejected} rejected"),
    "audit.denied": ("probeerde zonder beheerdersrol: {what}", "tried without the admin role: {what}"),
    "audit.other": ("{action}", "{action}"),
    # one pool across organisations (bot.organisations)
    "org.title": ("Organisaties in de flexpool", "Organisations in the flexpool"),
    "org.line": ("• *{name}*{mine} — mensen: {people} · zichtbare profielen: {profiles} · standaard in werkruimtes: "
                 "{workspaces} · e-maildomeinen: {domains} · akkoord leidinggevende: {approval}",
                 "• *{name}*{mine} — people: {people} · visible profiles: {profiles} · default in workspaces: "
                 "{workspaces} · e-mail domains: {domains} · line-manager approval: {approval}"),
    "org.mine": (" (jouw organisatie)", " (your organisation)"),
    "org.approval.on": ("aan", "on"),
    "org.approval.off": ("uit", "off"),
    "org.empty": ("Er zijn nog geen organisaties.", "There are no organisations yet."),
    "org.yours": ("Je hoort bij de organisatie *{name}*.", "You belong to the organisation *{name}*."),
    "org.usage": ("`/flexpool organisatie standaard <naam>` geeft deze werkruimte een standaardorganisatie (voor wie "
                  "niet via HR, e-maildomein of eigen keuze bij een organisatie hoort); "
                  "`/flexpool organisatie domein minbzk.nl = <naam>` is een e-maildomeinregel voor de HR-import; "
                  "`/flexpool organisatie akkoord aan|uit` schakelt akkoord van de leidinggevende voor je eigen "
                  "organisatie; `/flexpool organisatie lijst` toont alles.",
                  "`/flexpool organisation default <name>` gives this workspace a default organisation (for people "
                  "not placed by HR, an e-mail domain or their own choice); "
                  "`/flexpool organisation domain minbzk.nl = <name>` is an e-mail domain rule for the HR import; "
                  "`/flexpool organisation approval on|off` switches line-manager approval for your own "
                  "organisation; `/flexpool organisation list` shows everything."),
    "org.bad_name": ("Geef een naam van 2 tot {max} {max|teken|tekens}.", "Give a name of 2 to {max} {max|character|characters}."),
    "org.unchanged": ("Deze werkruimte heeft *{name}* al als standaard; er verandert niets.",
                      "This workspace has *{name}* as its default already; nothing changes."),
    "org.none": ("Je hoort nog bij geen organisatie. Kies die met `/flexpool organisatie`, of geef deze werkruimte "
                 "eerst een standaardorganisatie: `/flexpool organisatie standaard <naam>`.",
                 "You belong to no organisation yet. Choose it with `/flexpool organisation`, or first give this "
                 "workspace a default organisation: `/flexpool organisation default <name>`."),
    "org.approval_on": ("Akkoord van de leidinggevende staat *aan* voor *{name}*: een match is pas definitief als "
                        "de leidinggevende van de collega akkoord geeft (binnen {hours} uur, anders gaat hij niet "
                        "door).",
                        "Line-manager approval is *on* for *{name}*: a match is only final once the colleague's "
                        "line manager approves (within {hours} {hours|hour|hours}, otherwise it does not go ahead)."),
    "org.approval_off": ("Akkoord van de leidinggevende staat *uit* voor *{name}*.",
                         "Line-manager approval is *off* for *{name}*."),
    # the charge between organisations (kale loonkosten)
    "charge.title": ("Verrekening tussen organisaties", "Charges between organisations"),
    "charge.lines": ("*Per plaatsing*", "*Per placement*"),
    "charge.line": ("• {person} — klus #{id} {klus}: {giver} → {receiver}, {period}, {hours} uur × {rate} "
                    "({scale}) = {amount}{cost_centre}",
                    "• {person} — klus #{id} {klus}: {giver} → {receiver}, {period}, {hours} {hours|hour|hours} × {rate} "
                    "({scale}) = {amount}{cost_centre}"),
    "charge.scale": ("schaal {scale}", "scale {scale}"),
    "charge.no_scale": ("standaardtarief", "default rate"),
    "charge.cost_centre": (" · kostenplaats {code}", " · cost centre {code}"),
    "charge.more_lines": ("… en nog {count} {count|plaatsing|plaatsingen}: alles staat in de CSV (`/flexpool verrekening csv`).",
                          "… and {count} more placements: the CSV has them all (`/flexpool charges csv`)."),
    "charge.flows": ("*Geleverd → ontvangen*", "*Delivered → received*"),
    "charge.flow": ("• {giver} → {receiver}: {hours} uur · {amount}", "• {giver} → {receiver}: {hours} {hours|hour|hours} · {amount}"),
    "charge.totals": ("*Per organisatie*", "*Per organisation*"),
    "charge.total": ("• *{name}*: {given} uur geleverd, {received} uur ontvangen · te ontvangen {receivable}, "
                     "te betalen {payable}, saldo {net}",
                     "• *{name}*: {given} {given|hour|hours} given, {received} {received|hour|hours} received · to receive {receivable}, "
                     "to pay {payable}, balance {net}"),
    "charge.none": ("Er zijn in deze periode geen uren tussen organisaties geleverd.",
                    "No hours were delivered between organisations in this period."),
    "charge.euro": ("€ {amount}", "€{amount}"),
    "charge.note": ("Alleen kale loonkosten: geleverde uren × interne kosten per uur (standaard € {internal}, per "
                    "salarisschaal via FLEXPOOL_TARIFFS). Geen opslag, geen extern tarief.",
                    "Bare wage costs only: hours delivered × internal cost per hour (by default €{internal}, per "
                    "salary scale via FLEXPOOL_TARIFFS). No margin, no external tariff."),
    "charge.csv_total": ("totaal", "total"),
    "charge.file": ("verrekening", "charges"),
    "charge.csv_sent": ("De verrekening per plaatsing ({period}, {rows} {rows|regel|regels}) staat als {file} in je privébericht.",
                        "The charges per placement ({period}, {rows} {rows|line|lines}) are in your direct messages as {file}."),
    "btn.charges_csv": ("CSV per plaatsing", "CSV per placement"),
    "chargecol.person": ("persoon", "person"),
    "chargecol.klus_id": ("klus_id", "klus_id"),
    "chargecol.klus": ("klus", "klus"),
    "chargecol.from_organisation": ("van_organisatie", "from_organisation"),
    "chargecol.to_organisation": ("naar_organisatie", "to_organisation"),
    "chargecol.from": ("van", "from"),
    "chargecol.to": ("tot_en_met", "to"),
    "chargecol.hours": ("uren", "hours"),
    "chargecol.salary_scale": ("schaal", "salary_scale"),
    "chargecol.rate": ("tarief", "rate"),
    "chargecol.amount": ("bedrag", "amount"),
    "chargecol.cost_centre": ("kostenplaats", "cost_centre"),
    "chargecol.receiver_cost_centre": ("kostenplaats_opdrachtgever", "receiver_cost_centre"),
    # --- issue 18: a person's organisation, scoped admins, mass changes asked first (bot.organisations) ---
    "org.unknown": ("onbekend", "unknown"),
    "org.yours_unknown": ("Het is nog niet bekend bij welke organisatie je hoort.",
                          "It is not known yet which organisation you belong to."),
    "org.workspace_default": ("Deze werkruimte heeft *{name}* als standaardorganisatie.",
                              "This workspace has *{name}* as its default organisation."),
    "org.unknown_count": ("Van {count} mensen is de organisatie nog onbekend.",
                          "For {count} people the organisation is not known yet."),
    "org.ask_title": ("Bij welke organisatie werk je?", "Which organisation do you work for?"),
    "org.ask": ("Deze werkruimte delen meerdere organisaties. Kies de jouwe: dan zie je de klussen van je eigen "
                "organisatie en weten collega's wie iets vraagt. Je kiest één keer; daarna kan alleen een "
                "beheerder het wijzigen.",
                "Several organisations share this workspace. Choose yours: then you see your own organisation's "
                "klussen and colleagues know who is asking. You choose once; after that only an admin can change "
                "it."),
    "org.ask_note": ("Staat je organisatie er niet bij? Vraag het flexbureau.",
                     "Your organisation is not listed? Ask the flexpool office."),
    "org.ask_more": ("Staat je organisatie er niet bij? Typ `/flexpool organisatie kies <naam>` of vraag het "
                     "flexbureau.",
                     "Your organisation is not listed? Type `/flexpool organisation choose <name>` or ask the "
                     "flexpool office."),
    "org.ask_none": ("Er zijn nog geen organisaties om uit te kiezen; het flexbureau legt ze vast.",
                     "There are no organisations to choose from yet; the flexpool office sets them up."),
    "org.choose_button": ("{name}", "{name}"),
    "org.chosen": ("Genoteerd: je hoort bij *{name}*. Alleen een beheerder kan dat nog wijzigen.",
                   "Noted: you belong to *{name}*. Only an admin can change that now."),
    "org.chosen_already": ("Je hoort al bij *{name}*; alleen een beheerder kan dat wijzigen. Er is niets veranderd.",
                           "You already belong to *{name}*; only an admin can change that. Nothing has changed."),
    "org.choose_unknown": ("Er is geen organisatie die *{name}* heet. Kies er een uit de lijst:",
                           "There is no organisation called *{name}*. Choose one from the list:"),
    "org.default_none_already": ("Deze werkruimte heeft geen standaardorganisatie; er verandert niets.",
                                 "This workspace has no default organisation; nothing changes."),
    "org.default_cleared": ("Deze werkruimte heeft geen standaardorganisatie meer (was: {old}). Wie er al bij hoorde, "
                            "blijft erbij. Vastgelegd in het auditlog.",
                            "This workspace no longer has a default organisation (was: {old}). Those who belonged "
                            "to it stay. Recorded in the audit log."),
    "org.default_set": ("Werkruimte {workspace} heeft nu *{name}* als standaardorganisatie (was: {old}). "
                        "Vastgelegd in het auditlog.",
                        "Workspace {workspace} now has *{name}* as its default organisation (was: {old}). "
                        "Recorded in the audit log."),
    "org.moved": ("{count} mensen horen nu bij *{name}*: {names}.", "{count} people now belong to *{name}*: {names}."),
    "org.moved_none": ("Niemand is verplaatst: hun organisatie was intussen al veranderd.",
                       "Nobody was moved: their organisation had changed in the meantime."),
    "org.staying": ("{count} mensen van andere organisaties, of die via HR, e-maildomein of eigen keuze bij een "
                    "organisatie horen, blijven waar ze zijn.",
                    "{count} people of other organisations, or placed by HR, an e-mail domain or their own "
                    "choice, stay where they are."),
    "org.ask_confirm_title": ("Eerst even checken", "Let's check first"),
    "org.ask_default": ("Werkruimte {workspace} krijgt *{name}* als standaardorganisatie.",
                        "Workspace {workspace} gets *{name}* as its default organisation."),
    "org.ask_many": ("Daarmee gaan *{count} mensen* naar *{name}*:", "That moves *{count} people* to *{name}*:"),
    "org.ask_line": ("• {name} (nu: {old})", "• {name} (now: {old})"),
    "org.ask_audit": ("Er verandert pas iets als je bevestigt; vraag en antwoord staan in het auditlog.",
                      "Nothing changes until you confirm; question and answer are in the audit log."),
    "org.ask_import": ("Volgens het HR-bestand horen *{count} mensen* bij een andere organisatie dan nu:",
                       "According to the HR file *{count} people* belong to another organisation than now:"),
    "org.ask_import_line": ("• {name}: {old} → {new}", "• {name}: {old} → {new}"),
    "org.import_moved": ("Organisatie gewijzigd volgens het HR-bestand ({count}): {names}.",
                         "Organisation changed as the HR file says ({count}): {names}."),
    "org.cli_move": ("Niet gewijzigd. Klopt het? Importeer dan opnieuw met --verplaats.",
                     "Not changed. Is it right? Then import again with --verplaats."),
    "org.import_moved_line": ("{name} → {new}", "{name} → {new}"),
    "btn.org_confirm": ("Ja, {count} mensen verplaatsen", "Yes, move {count} people"),
    "org.answered_already": ("Deze vraag is al beantwoord; er is niets veranderd.",
                             "This question has been answered already; nothing has changed."),
    "org.ask_expired": ("Deze vraag is verlopen; geef de opdracht opnieuw, dan zie je wie het nu raakt.",
                        "This question has expired; give the command again to see who it affects now."),
    "org.domain_title": ("E-maildomeinen", "E-mail domains"),
    "org.domain_line": ("• {domain} → {name}", "• {domain} → {name}"),
    "org.domain_none": ("Er zijn nog geen e-maildomeinregels.", "There are no e-mail domain rules yet."),
    "org.domain_usage": ("`/flexpool organisatie domein minbzk.nl = Ministerie van BZK` legt een regel vast: wie in de "
                         "HR-import een adres @minbzk.nl heeft (ook van een subdomein), hoort bij die organisatie. Het "
                         "adres zelf bewaren we niet. `/flexpool organisatie domein minbzk.nl weg` haalt de regel weg.",
                         "`/flexpool organisation domain minbzk.nl = Ministerie van BZK` sets a rule: whoever has an "
                         "address @minbzk.nl (or a subdomain) in the HR import belongs to that organisation. The "
                         "address itself is not kept. `/flexpool organisation domain minbzk.nl remove` removes it."),
    "org.domain_set": ("Regel vastgelegd: adressen @{domain} horen bij *{name}* (bij de volgende HR-import). "
                       "Vastgelegd in het auditlog.",
                       "Rule set: addresses @{domain} belong to *{name}* (at the next HR import). Recorded in the "
                       "audit log."),
    "org.domain_removed": ("Regel voor @{domain} ({name}) weggehaald.", "Rule for @{domain} ({name}) removed."),
    "org.domain_unknown": ("Er is geen regel voor @{domain}.", "There is no rule for @{domain}."),
    "org.import_unknown": ("organisatie '{name}' bestaat niet; alleen een beheerder van de hele flexpool legt nieuwe "
                           "organisaties vast",
                           "organisation '{name}' does not exist; only an admin of the whole flexpool adds new "
                           "organisations"),
    "org.poster": ("Gevraagd door *{organisation}*", "Asked by *{organisation}*"),
    "field.organisation": ("Organisatie", "Organisation"),
    "field.cost_centre": ("Kostenplaats", "Cost centre"),
    "err.cost_centre": ("Een kostenplaats is hooguit {max} letters, cijfers, punten, streepjes of spaties.",
                        "A cost centre is at most {max} letters, digits, dots, dashes or spaces."),
    "scope.refused": ("Dat valt buiten jouw organisatie: het gaat om *{organisation}*. Alleen beheerders van die "
                      "organisatie of van de hele flexpool kunnen dat. Er is niets veranderd; de poging staat in het "
                      "auditlog.",
                      "That is outside your organisation: it concerns *{organisation}*. Only admins of that "
                      "organisation or of the whole flexpool can do that. Nothing has changed; the attempt is in the "
                      "audit log."),
    "scope.yours": ("_Alleen wat jouw organisatie aangaat._", "_Only what concerns your organisation._"),
    "scope.import_person": ("deze persoon hoort bij {organisation}, buiten jouw organisatie",
                            "this person belongs to {organisation}, outside your organisation"),
    "scope.import_organisation": ("organisatie {organisation} valt buiten jouw organisatie",
                                  "organisation {organisation} is outside your organisation"),
    "audit.out_of_scope": ("probeerde buiten de eigen organisatie: {what} ({organisation})",
                           "tried outside their own organisation: {what} ({organisation})"),
    "audit.org_chosen": ("koos de eigen organisatie: {name}", "chose their own organisation: {name}"),
    "audit.organisation_default": ("gaf werkruimte {workspace} standaardorganisatie '{new}' (was: {old})",
                                   "gave workspace {workspace} the default organisation '{new}' (was: {old})"),
    "audit.organisation_moved": ("verplaatste {count} mensen naar {name}", "moved {count} people to {name}"),
    "audit.org_asked": ("vroeg of {count} mensen naar {org_name} mogen (onbeantwoord)",
                        "asked whether {count} people may move to {org_name} (unanswered)"),
    "audit.org_done": ("vroeg of {count} mensen naar {org_name} mogen: bevestigd",
                       "asked whether {count} people may move to {org_name}: confirmed"),
    "audit.org_cancelled": ("vroeg of {count} mensen naar {org_name} mogen: geannuleerd",
                            "asked whether {count} people may move to {org_name}: cancelled"),
    "audit.org_cancelled_by": ("annuleerde vraag {question}", "cancelled question {question}"),
    "audit.organisation_domain": ("zette e-maildomein {domain} bij '{name}' (was: {old})",
                                  "put e-mail domain {domain} with '{name}' (was: {old})"),
    "audit.charges_export": ("exporteerde de verrekening per plaatsing ({period}, {rows} {rows|regel|regels})",
                             "exported the charges per placement ({period}, {rows} {rows|line|lines})"),
    # --- end of issue 18 ---
    # the person's rights (bot.privacy)
    "privacy.export_title": ("Flexpool: mijn gegevens", "Flexpool: my data"),
    "privacy.export_about": ("Alles wat Flexpool over je bewaart: `persoon` is wie je voor het chatplatform bent, "
                             "`gegevens` zijn de rijen die aan je gekoppeld zijn (profiel, uitnodigingen, klussen, "
                             "terugblikken, berichten, rollen, auditlog), `genoemd_in` zijn plaatsen waar je naam of "
                             "id in andermans gegevens staat. Berichten staan er als de tekst die je las. Wissen: "
                             "`/flexpool verwijder`.",
                             "Everything Flexpool keeps about you: `person` is who you are to the chat platform, "
                             "`data` are the rows linked to you (profile, invitations, klussen, feedback, messages, "
                             "roles, audit log), `mentioned_in` are places where your name or id appears in someone "
                             "else's data. Messages appear as the text you read. Erase: `/flexpool delete`."),
    "privacy.export_sent": ("Alles wat Flexpool over je bewaart komt eraan als twee bestanden in je berichten: een "
                            "overzicht in gewone zinnen, en alles volledig (JSON).",
                            "Everything Flexpool keeps about you is on its way as two files in your messages: a "
                            "summary in plain sentences, and everything in full (JSON)."),
    "privacy.export_sent_admin": ("De gegevens van {name} komen eraan als bestand in je berichten. Dit is vastgelegd "
                                  "in het auditlog.",
                                  "The data of {name} is on its way as a file in your messages. This has been "
                                  "recorded in the audit log."),
    "privacy.erase_confirm": ("Weet je het zeker? Je profiel en je persoonsgegevens worden gewist: openstaande "
                              "uitnodigingen vervallen, je open klussen worden geannuleerd, je naam en id verdwijnen "
                              "overal. Wat overblijft zijn anonieme aantallen, zodat de cijfers kloppen. Dit kan niet "
                              "ongedaan worden gemaakt.",
                              "Are you sure? Your profile and personal data will be erased: open invitations are "
                              "withdrawn, your open klussen cancelled, your name and id removed everywhere. What "
                              "remains are anonymous counts, so the figures stay right. This cannot be undone."),
    "btn.erase_yes": ("Ja, wis mijn gegevens", "Yes, erase my data"),
    "privacy.erased": ("Je gegevens zijn gewist. Als je de bot weer gebruikt, begin je met een schone lei.",
                       "Your data has been erased. If you use the bot again, you start with a clean slate."),
    "acc.withdrawn_erased": ("Niet meer nodig: deze kandidaat heeft zijn of haar gegevens uit Flexpool laten wissen; "
                             "de uitnodiging is ingetrokken.",
                             "No longer needed: this candidate had their data erased from Flexpool; the invitation "
                             "has been withdrawn."),
    # transparency (bot.transparency)
    "waarom.usage": ("Typ `/flexpool waarom <klus-nummer>`, bv. `/flexpool waarom 12` (het nummer staat onder elke "
                     "klus).",
                     "Type `/flexpool why <klus number>`, e.g. `/flexpool why 12` (the number is under every klus)."),
    "waarom.title": ("Waarom (niet)? Klus #{id}: {title}", "Why (not)? Klus #{id}: {title}"),
    "waarom.title_hidden": ("Waarom (niet)? Klus #{id}", "Why (not)? Klus #{id}"),
    "waarom.note": ("Zo werkt de matcher: `/flexpool algoritme`. Niemand wordt tegen zijn zin ingezet.",
                    "How the matcher works: `/flexpool algorithm`. Nobody is placed against their will."),
    "waarom.own": ("Dit is je eigen klus; voor je eigen klus word je nooit gevraagd.",
                   "This is your own klus; you are never asked for your own klus."),
    "waarom.invited": ("Je bent op {when} uitgenodigd (score {score} van 100); je uitnodiging is nu: {status}.",
                       "You were invited on {when} (score {score} out of 100); your invitation is now: {status}."),
    "waarom.self_offered": ("Je bood je op {when} zelf aan; je aanbod is nu: {status}.",
                            "You offered yourself on {when}; your offer is now: {status}."),
    "waarom.reasons": ("Wat de matcher toen zag: {why}", "What the matcher saw then: {why}"),
    "waarom.reasons_gone": ("De redenen zijn niet meer bewaard (bewaartermijn of gewist).",
                            "The reasons are no longer kept (retention period or erased)."),
    "waarom.not_invited": ("Je bent niet uitgenodigd. Zoals de matcher het nu ziet:",
                           "You were not invited. As the matcher sees it now:"),
    "waarom.bullet": ("• {text}", "• {text}"),
    "waarom.no.closed": ("de klus is {status}; er worden geen nieuwe mensen meer gevraagd",
                         "the klus is {status}; nobody new is asked any more"),
    "waarom.no.profile": ("je hebt geen flexprofiel (`/flexpool profiel`)",
                          "you have no flex profile (`/flexpool profile`)"),
    "waarom.no.hidden": ("je profiel is verborgen; alleen zichtbare profielen worden gevraagd (`/flexpool zichtbaar`)",
                         "your profile is hidden; only visible profiles are asked (`/flexpool visible`)"),
    "waarom.no.reach_organisation": ("buiten het bereik: de klus is voor {reach} van {organisation}",
                                     "outside the reach: the klus is for the {reach} of {organisation}"),
    "waarom.no.reach_department": ("buiten het bereik: de klus is alleen voor de afdeling {department}",
                                   "outside the reach: the klus is only for the department {department}"),
    "waarom.no.preference": ("je voorkeur is alleen klussen van je eigen afdeling",
                             "your preference is only klussen of your own department"),
    "waarom.no.available_from": ("je bent beschikbaar vanaf {date}, de klus begint {start}",
                                 "you are available from {date}, the klus starts {start}"),
    "waarom.no.available_until": ("je bent beschikbaar tot {date}, de klus loopt tot {end}",
                                  "you are available until {date}, the klus runs until {end}"),
    "waarom.no.hours": ("niet genoeg vrije uren: {free} uur vrij ({booked} uur al geboekt), de klus vraagt {hours}",
                        "not enough free hours: {free} {free|hour|hours} free ({booked} {booked|hour|hours} already booked), the klus asks {hours}"),
    "waarom.no.hours_profile": ("niet genoeg uren: je profiel heeft {free} uur per week, de klus vraagt {hours}",
                                "not enough hours: your profile has {free} {free|hour|hours} a week, the klus asks {hours}"),
    "waarom.no.weekly_cap": ("je kreeg deze week al {count} {count|uitnodiging|uitnodigingen}; meer dan {max} per week sturen we niet",
                             "you already had {count} {count|invitation|invitations} this week; we send no more than {max} a week"),
    "waarom.no.score": ("je score voor deze klus is {score} van 100, de drempel is {floor} (gevraagd: {skills})",
                        "your score for this klus is {score} out of 100, the threshold is {floor} (asked: {skills})"),
    "waarom.no.ranked": ("je past (score {score}), maar per open plek vragen we de beste {per_place}; de laagste "
                         "uitgenodigde score was {lowest}. Je kunt je zelf aanbieden via `/flexpool klussen`.",
                         "you fit (score {score}), but for each open place we ask the best {per_place}; the lowest "
                         "score invited was {lowest}. You can offer yourself via `/flexpool klussen`."),
    "waarom.no.later": ("je past nu; toen de klus uitnodigingen verstuurde was dat (nog) niet zo, of waren de "
                        "{per_place} {per_place|plek|plekken} per open plek al vergeven. Je kunt je zelf aanbieden via "
                        "`/flexpool klussen`.",
                        "you fit now; when the klus sent its invitations you did not (yet), or its {per_place} "
                        "invitations per open place had gone. You can offer yourself via `/flexpool klussen`."),
    # the algorithm register (bot.transparency)
    "algo.title": ("Algoritmebeschrijving: de Flexpool-matcher", "Algorithm description: the Flexpool matcher"),
    "algo.note": ("Opgesteld volgens de velden van het Algoritmeregister van de Nederlandse overheid, uit de huidige "
                  "instellingen van deze Flexpool.",
                  "Set out along the fields of the Dutch government's Algorithm Register, from this Flexpool's "
                  "current settings."),
    "algo.name": ("Naam", "Name"),
    "algo.organisation": ("Organisatie", "Organisation"),
    "algo.summary": ("Korte omschrijving", "Short description"),
    "algo.status": ("Status", "Status"),
    "algo.purpose": ("Doel en impact", "Purpose and impact"),
    "algo.oversight": ("Menselijke tussenkomst", "Human oversight"),
    "algo.data": ("Gebruikte gegevens", "Data used"),
    "algo.working": ("Technische werking", "How it works"),
    "algo.fairness": ("Risicobeheer en eerlijke verdeling", "Risk management and fair spread"),
    "algo.law": ("Wettelijke basis", "Legal basis"),
    "algo.retention": ("Bewaartermijn", "Retention"),
    "algo.contact": ("Contact", "Contact"),
    "algo.name.text": ("Flexpool-matcher (koppelen van klussen aan collega's)",
                       "Flexpool matcher (matching klussen to colleagues)"),
    "algo.organisation.text": ("{organisation}; de pool omvat nu {count} {count|organisatie|organisaties}.",
                               "{organisation}; the pool now spans {count} {count|organisation|organisations}."),
    "algo.summary.text": ("Een opdrachtgever plaatst een klus (tijdelijk werk met start, einde, uren en resultaat). "
                          "De matcher zoekt collega's met een zichtbaar profiel dat past en tijd heeft, en stelt per "
                          "open plek de beste {per_place} voor; de bot vraagt hen in een privébericht. Zij kiezen zelf.",
                          "An owner posts a klus (temporary work with a start, end, hours and result). The matcher "
                          "looks for colleagues with a visible profile that fits and has time, and puts forward the "
                          "best {per_place} per open place; the bot asks them in a direct message. They choose."),
    "algo.status.text": ("In gebruik", "In use"),
    "algo.purpose.text": ("Interne mobiliteit: werk bij de juiste collega's krijgen, ook buiten de eigen afdeling of "
                          "organisatie, en mensen laten groeien door ze ook te vragen voor wat ze willen leren. "
                          "Impact: een uitnodiging is een vraag, geen besluit; niemand wordt tegen zijn zin ingezet en "
                          "niet gevraagd worden heeft geen gevolgen.",
                          "Internal mobility: getting work to the right colleagues, also outside their own department "
                          "or organisation, and letting people grow by asking them for what they want to learn too. "
                          "Impact: an invitation is a question, not a decision; nobody is placed against their will and "
                          "not being asked has no consequences."),
    "algo.oversight.text": ("De collega beslist zelf (accepteren of afwijzen, binnen {hours} uur; daarna vervalt de "
                            "vraag).",
                            "The colleague decides (accept or decline, within {hours} {hours|hour|hours}; after that the question "
                            "lapses)."),
    "algo.oversight.manager": ("De opdrachtgever bevestigt elke match zelf en kan de kandidatenlijst zien en "
                               "anderen uitnodigen.",
                               "The owner confirms every match and can see the candidate list and invite others."),
    "algo.oversight.auto": ("Een acceptatie neemt direct een plek in (FLEXPOOL_AUTO_CONFIRM); de opdrachtgever ziet "
                            "wie en waarom.",
                            "An accept takes a place at once (FLEXPOOL_AUTO_CONFIRM); the owner sees who and why."),
    "algo.oversight.approval": ("Bij {organisations} geeft de leidinggevende van de collega akkoord voordat een match "
                                "definitief is (binnen {hours} uur, anders gaat hij niet door).",
                                "At {organisations} the colleague's line manager approves before a match is final "
                                "(within {hours} {hours|hour|hours}, otherwise it does not go ahead)."),
    "algo.oversight.no_approval": ("Akkoord van de leidinggevende staat bij geen enkele organisatie aan.",
                                   "Line-manager approval is switched on at no organisation."),
    "algo.data.text": ("Wat collega's zelf in hun profiel zetten: vaardigheden, wat ze willen leren, functie, "
                       "afdeling, uren per week, beschikbaarheid, voorkeur, zichtbaar of niet; bevestigde "
                       "vaardigheden na een klus; geboekte uren op lopende klussen; hoe vaak iemand recent is "
                       "gevraagd; de organisatie van de collega (uit de HR-import, een e-maildomeinregel of eigen keuze; "
                       "het e-mailadres zelf wordt niet bewaard). Geen leeftijd, geslacht, afkomst, "
                       "beoordelingen of ziekteverzuim.",
                       "What colleagues put in their own profile: skills, what they want to learn, job title, "
                       "department, hours a week, availability, preference, visible or not; skills endorsed after a "
                       "klus; hours booked on running klussen; how often someone was asked recently; the "
                       "colleague's organisation (from the HR import, an e-mail domain rule or their own choice; the "
                       "address itself is not kept). No age, gender, origin, appraisals or sick leave."),
    "algo.working.text": ("Eerst filteren: zichtbaar, niet de opdrachtgever, binnen het bereik van de klus en de "
                          "voorkeur van de collega, beschikbaar in de periode, genoeg vrije uren, onder het "
                          "weekmaximum. Dan scoren: elke gevraagde vaardigheid telt even zwaar; een vaardigheid die "
                          "iemand heeft telt volledig, een die iemand wil leren {want}%; een functietitel die op de "
                          "klustitel lijkt geeft tot {title} {title|punt|punten} extra. Termen tellen vanaf {cutoff}% "
                          "gelijkenis. Wie onder de drempel van {floor} van 100 scoort wordt niet gevraagd "
                          "({surprise} voor wie 'verras me' koos). Per open plek worden de beste {per_place} gevraagd.",
                          "First filter: visible, not the owner, within the klus's reach and the colleague's "
                          "preference, available in the period, enough free hours, under the weekly cap. Then score: "
                          "every skill asked weighs the same; a skill someone has counts fully, one they want to "
                          "learn {want}%; a job title like the klus title adds up to {title} {title|point|points}. Terms count from "
                          "{cutoff}% likeness. Whoever scores below the threshold of {floor} out of 100 is not asked "
                          "({surprise} for those who chose 'surprise me'). The best {per_place} per open place are "
                          "asked."),
    "algo.working.lexicon": ("Gelijkenis van termen: de spelling (hoofdletters, accenten, tikfouten) en de betekenis "
                             "(Nederlandse samenstellingen, meervouden, synoniemen en afkortingen uit een meegeleverde "
                             "lijst van {synonyms} {synonyms|regel|regels}). Elke uitnodiging vermeldt wat er paste.",
                             "Likeness of terms: spelling (case, accents, typos) and meaning (Dutch compounds, "
                             "plurals, synonyms and abbreviations from a shipped list of {synonyms} {synonyms|line|lines}). Every "
                             "invitation says what fitted."),
    "algo.working.spelling": ("Gelijkenis van termen: de spelling, na het gelijktrekken van hoofdletters, accenten, "
                              "leestekens en spaties. Elke uitnodiging vermeldt wat er paste.",
                              "Likeness of terms: spelling, after folding case, accents, punctuation and spacing. "
                              "Every invitation says what fitted."),
    "algo.fairness.text": ("Niemand krijgt meer dan {cap} {cap|uitnodiging|uitnodigingen} per week. Bij bijna gelijke scores gaat wie "
                           "de laatste 30 dagen het minst is gevraagd voor, zodat niet steeds dezelfden worden "
                           "gevraagd. Wie meermaals achter elkaar nee zei, komt lager in de volgorde, maar wordt nog "
                           "steeds gevraagd als er niemand beter past. Een herinnering na {reminder} uur, de vraag "
                           "vervalt na {hours} uur en gaat naar de volgende. Iedereen kan met `/flexpool waarom <klus>` zien waarom wel of niet, en alles "
                           "over zichzelf inzien of wissen.",
                           "Nobody gets more than {cap} {cap|invitation|invitations} a week. Among near-equal scores, whoever was "
                           "asked least in the last 30 days goes first, so the same people are not asked every time. "
                           "Whoever declined several times in a row comes lower in the order, but is still asked "
                           "when nobody fits better. A reminder after {reminder} {reminder|hour|hours}; the question lapses after "
                           "{hours} {hours|hour|hours} and goes to the next person. Everyone can see why (not) with `/flexpool why <klus>`, and see or erase "
                           "everything about themselves."),
    "algo.law.text": ("Vrijwillige deelname: een profiel is verborgen tot de collega het zelf zichtbaar maakt, en "
                      "wie niet meedoet wordt nergens voor gevraagd. De grondslag van de verwerking (bijvoorbeeld AVG "
                      "art. 6 lid 1 onder e, taak van algemeen belang) legt de organisatie vast in haar "
                      "verwerkingsregister en DPIA.",
                      "Voluntary participation: a profile stays hidden until the colleague makes it visible, and "
                      "whoever does not take part is never asked. The legal basis of the processing (e.g. GDPR art. "
                      "6(1)(e), a task in the public interest) is recorded by the organisation in its register of "
                      "processing and DPIA."),
    "algo.retention.text": ("Beantwoorde uitnodigingen, terugblikken en verstuurde berichten worden na "
                            "{months} {months|maand|maanden} geanonimiseerd of gewist (FLEXPOOL_RETENTION_MONTHS).",
                            "Answered invitations, feedback and delivered messages are anonymised or deleted after "
                            "{months} {months|month|months} (FLEXPOOL_RETENTION_MONTHS)."),
    "algo.retention.never": ("Er is geen bewaartermijn ingesteld (FLEXPOOL_RETENTION_MONTHS=0).",
                             "No retention period is set (FLEXPOOL_RETENTION_MONTHS=0)."),
    "algo.contact.text": ("{contact}", "{contact}"),
    "algo.contact_office": ("het flexbureau van de organisatie (de beheerders van de flexpool)",
                            "the organisation's flexpool office (the flexpool admins)"),
    # line-manager approval (bot.approval)
    "btn.approve": ("Akkoord", "Approve"),
    "btn.disapprove": ("Niet akkoord", "Do not approve"),
    "appr.title": ("Akkoord gevraagd: {name} voor {title}", "Approval asked: {name} for {title}"),
    "appr.request": ("Als leidinggevende van {name} vragen we je akkoord: {owner} wil {name} inzetten voor deze klus, "
                     "{hours} uur per week van {start} tot {end}.",
                     "As {name}'s line manager we ask for your approval: {owner} would like {name} on this klus, "
                     "{hours} {hours|hour|hours} a week from {start} to {end}."),
    "appr.deadline": ("Graag vóór {when}; zonder antwoord gaat de match niet door.",
                      "Please before {when}; without an answer the match does not go ahead."),
    "appr.waiting": ("Voor {name} wachten we nog op het akkoord van {manager}.",
                     "For {name} we are still waiting for {manager}'s approval."),
    "appr.no_manager": ("Bij jullie organisatie geeft de leidinggevende eerst akkoord, maar van {name} weten we niet wie "
                        "dat is. We hebben {name} gevraagd het in te vullen; bevestig daarna opnieuw.",
                        "In this organisation the line manager approves first, but we don't know who {name}'s is. We "
                        "asked {name} to fill it in; confirm again after that."),
    "appr.need_manager": ("{owner} wil je inzetten voor *{title}*, maar eerst moet je leidinggevende akkoord geven en "
                          "we weten niet wie dat is. Vul het in: `/flexpool profiel leidinggevende: @naam` (iemand die "
                          "de bot kent).",
                          "{owner} would like you on *{title}*, but your line manager approves first and we don't know "
                          "who that is. Fill it in: `/flexpool profile line manager: @name` (someone the bot knows)."),
    "appr.asked_colleague": ("Je leidinggevende {manager} is om akkoord gevraagd; je hoort het zodra die reageert.",
                             "Your line manager {manager} has been asked to approve; you'll hear as soon as they "
                             "answer."),
    "appr.asked_owner": ("⏳ {name}: wacht op akkoord van leidinggevende {manager}.",
                         "⏳ {name}: waiting for approval from line manager {manager}."),
    "appr.asked_owner_auto": ("{name} wil *{title}* doen; leidinggevende {manager} is om akkoord gevraagd.",
                              "{name} would like to do *{title}*; line manager {manager} has been asked to approve."),
    "appr.not_yours": ("Dit akkoord is aan iemand anders gevraagd; er is niets veranderd.",
                       "This approval was asked of someone else; nothing has changed."),
    "appr.already.approved": ("Je had al akkoord gegeven voor {name}.", "You had already approved {name}."),
    "appr.already.declined": ("Je had al geen akkoord gegeven voor {name}.", "You had already not approved {name}."),
    "appr.already.expired": ("De vraag over {name} is verlopen.", "The question about {name} has expired."),
    "appr.already.closed": ("De vraag over {name} is niet meer nodig.", "The question about {name} is no longer needed."),
    "appr.closed": ("Niet meer nodig: de uitnodiging van {name} voor {title} is intussen anders afgelopen.",
                    "No longer needed: {name}'s invitation for {title} has ended otherwise meanwhile."),
    "appr.you_approved": ("✅ Je gaf akkoord; {name} doet mee.", "✅ You approved; {name} is on."),
    "appr.you_approved_full": ("Je gaf akkoord, maar *{title}* was intussen vol; {name} is ingelicht.",
                               "You approved, but *{title}* was full meanwhile; {name} has been told."),
    "appr.you_declined": ("Je gaf geen akkoord; {name} en de opdrachtgever zijn ingelicht.",
                          "You did not approve; {name} and the owner have been told."),
    "appr.declined_colleague": ("Je leidinggevende {manager} gaf geen akkoord voor *{title}*; de match gaat niet door.",
                                "Your line manager {manager} did not approve *{title}*; the match does not go ahead."),
    "appr.declined_owner": ("Leidinggevende {manager} gaf geen akkoord voor {name} bij *{title}*; we vragen zo nodig "
                            "de volgende.",
                            "Line manager {manager} did not approve {name} for *{title}*; we ask the next person if "
                            "needed."),
    "appr.expired_colleague": ("Je leidinggevende {manager} reageerde niet binnen {hours} uur op *{title}*; de match "
                               "gaat niet door.",
                               "Your line manager {manager} did not answer within {hours} {hours|hour|hours} about *{title}*; the "
                               "match does not go ahead."),
    "appr.expired_owner": ("Leidinggevende {manager} reageerde niet binnen {hours} uur over {name} bij *{title}*; de "
                           "match gaat niet door en we vragen zo nodig de volgende.",
                           "Line manager {manager} did not answer within {hours} {hours|hour|hours} about {name} for *{title}*; "
                           "the match does not go ahead and we ask the next person if needed."),
    "appr.expired_manager": ("Verlopen: er kwam binnen {hours} uur geen antwoord, dus {name} doet niet mee. "
                             "{name} en de opdrachtgever zijn ingelicht.",
                             "Expired: no answer within {hours} {hours|hour|hours}, so {name} is not on. {name} and the owner have "
                             "been told."),
    # Slack installation (handlers.slack.oauth)
    "slack.installed": ("Flexpool is geïnstalleerd in {team}. Je kunt dit venster sluiten en teruggaan naar Slack; "
                        "typ daar `/flexpool help`.",
                        "Flexpool has been installed in {team}. You can close this window and go back to Slack; "
                        "type `/flexpool help` there."),
    "slack.install_failed": ("De installatie is niet gelukt ({reason}). Probeer het opnieuw via de installatielink.",
                             "The installation did not succeed ({reason}). Please try again from the install link."),
    # audit log entries of issue 8
    "audit.organisation": ("zette werkruimte {workspace} bij organisatie {new} (was: {old})",
                           "put workspace {workspace} in organisation {new} (was: {old})"),
    "audit.approval_switch": ("zette akkoord van de leidinggevende voor {name} (aan: {on})",
                              "set line-manager approval for {name} (on: {on})"),
    "audit.data_access": ("bekeek alle gegevens van {name} ({user})", "viewed all data of {name} ({user})"),
    "audit.why_other": ("bekeek waarom {name} ({user}) wel of niet gevraagd werd voor klus #{klus}",
                        "viewed why {name} ({user}) was or was not asked for klus #{klus}"),
    "audit.klus_access": ("opende als beheerder klus #{klus} van {owner} (kandidaten, uitnodigen, bevestigen of "
                          "annuleren)",
                          "opened, as an admin, klus #{klus} of {owner} (candidates, invite, confirm or cancel)"),
    "audit.erased": ("liet al zijn of haar gegevens wissen", "had all their data erased"),
    "audit.slack_installed": ("installeerde Flexpool in Slack-werkruimte {team} ({name})",
                              "installed Flexpool in Slack workspace {team} ({name})"),
    "audit.slack_uninstalled": ("Flexpool is verwijderd uit Slack-werkruimte {team}",
                                "Flexpool was removed from Slack workspace {team}"),
    # errors
    "err.fix_these": ("Dat lukte nog niet. Pas dit aan:", "That didn't work yet. Please fix:"),
    "err.field": ("• *{field}*: {error}", "• *{field}*: {error}"),
    "err.title": ("geef de klus een titel van een paar woorden.", "give the klus a title of a few words."),
    "err.too_long": ("te lang (maximaal {max} {max|teken|tekens}).", "too long (at most {max} {max|character|characters})."),
    "err.hours_missing": ("hoeveel uur per week? Schrijf bv. `8 uur per week`.",
                          "how many hours a week? Write e.g. `8 hours a week`."),
    "err.hours": ("meer dan 0 en hoogstens {max} uur per week; schrijf bv. `8 uur per week`.",
                  "more than 0 and at most {max} {max|hour|hours} a week; write e.g. `8 hours a week`."),
    "err.profile_hours": ("vul een aantal uren per week in van 0 tot {max}.",
                          "enter a number of hours a week from 0 to {max}."),
    "err.places": ("het aantal plekken moet tussen 1 en {max} liggen.", "the number of places must be between 1 and {max}."),
    "err.weeks": ("de duur moet groter zijn dan nul.", "the duration must be more than zero."),
    "err.start_past": ("de startdatum {date} ligt in het verleden.", "the start date {date} is in the past."),
    "err.end_missing": ("hoe lang duurt de klus? Geef een einddatum (`tot 1 maart`) of een duur (`10 weken`).",
                        "how long does the klus take? Give an end date (`until 1 March`) or a duration (`10 weeks`)."),
    "err.end_before_start": ("de einddatum {end} ligt vóór de start {start}.", "the end date {end} is before the start {start}."),
    "err.too_long_period": ("een klus duurt hoogstens {years} jaar ({days} {days|dag|dagen}); kies een eerdere einddatum.",
                            "a klus lasts at most {years} {years|year|years} ({days} {days|day|days}); choose an earlier end date."),
    "err.not_understood": ("ik begreep “{text}” niet; schrijf een datum als 1-12-2026 of 1 december.",
                           "I didn't understand “{text}”; write a date like 2026-12-01 or 1 December."),
    "err.date": ("“{text}” is geen datum die ik ken (bv. 1-12-2026).", "“{text}” is not a date I know (e.g. 2026-12-01)."),
    "err.number": ("vul een getal in.", "enter a number."),
    "err.choice": ("kies een van de opties.", "choose one of the options."),
    "err.terms": ("hoogstens {max} {max|vaardigheid|vaardigheden} van elk hoogstens 60 tekens.", "at most {max} {max|skill|skills} of at most 60 characters each."),
    "err.name": ("vul je naam in (hoogstens 100 tekens).", "enter your name (at most 100 characters)."),
    "err.yes_no": ("antwoord met ja of nee.", "answer yes or no."),
    "err.preference": ("kies specifiek, verras me of eigen afdeling.", "choose specific, surprise me or own department."),
    "err.lang": ("kies `nl` of `en`.", "choose `nl` or `en`."),
    "err.scale": ("schrijf de salarisschaal als getal van 1 tot 18 (bv. `schaal 10`).",
                  "write the salary scale as a number from 1 to 18 (e.g. `scale 10`)."),
    "err.until_before_from": ("‘beschikbaar tot’ ligt vóór ‘beschikbaar vanaf’.", "‘available until’ is before ‘available from’."),
    "err.profile_line": ("Dat begreep ik niet (geen bekend veld of geen `veld: waarde`): {parts}",
                         "I didn't understand (not a known field, or not `field: value`): {parts}"),
    "err.not_your_button": ("Deze knop is niet voor jou bedoeld; er is niets veranderd.",
                            "This button is not meant for you; nothing has changed."),
    "err.stale_button": ("Die knop werkt niet meer; het bericht is verouderd.", "That button no longer works; the message is out of date."),
    "err.unknown_command": ("Dat commando ken ik niet: “{text}”.", "I don't know that command: “{text}”."),
    "outbox.unreachable_owner": (
        "We konden {name} niet bereiken over *{title}*: het bericht kwam na {attempts} {attempts|poging|pogingen} niet aan. "
        "Er is niets teruggedraaid; neem zelf contact op als het dringend is, of nodig iemand anders uit.",
        "We could not reach {name} about *{title}*: the message did not arrive after {attempts} {attempts|attempt|attempts}. "
        "Nothing was undone; contact them yourself if it is urgent, or invite someone else."),
    "outbox.unreachable_admin": (
        "We konden {name} ({platform}) niet bereiken: een bericht {about} kwam na {attempts} {attempts|poging|pogingen} niet aan. "
        "Er is niets teruggedraaid. Kijk of deze persoon de bot nog kan ontvangen.",
        "We could not reach {name} ({platform}): a message {about} did not arrive after {attempts} {attempts|attempt|attempts}. "
        "Nothing was undone. Check whether this person can still receive the bot's messages."),
    "outbox.about_klus": ("over *{title}*", "about *{title}*"),
    "outbox.about_nothing": ("van de flexpool", "from the flexpool"),
    "err.bad_request": ("Dat verzoek kon ik niet lezen; er is niets veranderd. Probeer het nog eens.",
                        "I could not read that request; nothing has changed. Please try again."),
    "err.internal": ("Er ging iets mis aan onze kant; er is niets verloren. Probeer het zo nog eens.",
                     "Something went wrong on our side; nothing was lost. Please try again shortly."),
    # help
    "help.title": ("Flexpool: klussen en talent bij elkaar", "Flexpool: klussen and talent together"),
    "help.text": (
        "*Opdrachtgever*\n"
        "• `/klus` — een klus plaatsen (formulier), of in één regel: `/klus titel; 8 uur per week; 10 weken`\n"
        "• `/klus mijn` — je klussen met hun status\n"
        "*Collega*\n"
        "• `/flexpool profiel` — je flexprofiel bekijken of bewerken "
        "(`/flexpool profiel vaardigheden: Python, SQL; uren: 8; zichtbaar: ja`)\n"
        "• `/flexpool klussen` — open klussen die bij je passen\n"
        "• `/flexpool pauze` / `/flexpool zichtbaar` — je profiel verbergen of tonen\n"
        "• `/flexpool verwijder-profiel` — je profiel verwijderen\n"
        "• `/flexpool waarom <klus>` — waarom je wel of niet gevraagd bent · `/flexpool algoritme` — hoe de matcher "
        "werkt\n"
        "• `/flexpool mijn-gegevens` — alles wat Flexpool over je bewaart, als bestand · `/flexpool verwijder` — al "
        "je gegevens wissen\n"
        "• `/flexpool digest aan` / `uit` — wekelijks overzicht van passende klussen\n"
        "• Uitnodigingen beantwoord je met de knoppen, of met *ja* / *nee* in een bericht aan de bot\n"
        "*Beheer* (flexbureau)\n"
        "• `/flexpool stats [periode]` — cijfers over de flexpool (periode: `deze maand`, `kwartaal`, `jaar` "
        "of `2026-01-01 tot 2026-03-31`)\n"
        "• `/flexpool grafiek [periode]` — de cijfers als grafiek · `/flexpool export [periode]` — CSV-bestanden\n"
        "• `/flexpool import <link naar CSV>` — profielen in bulk · `/flexpool admin add|remove @iemand` — "
        "beheerders · `/flexpool audit` — wie deed wat\n"
        "• `/flexpool organisatie [naam]` — organisaties en hun werkruimtes · `/flexpool verrekening [periode]` — "
        "uren en kale loonkosten tussen organisaties\n"
        "• `/flexpool ronde nieuw [deadline]` — een matchingsronde (eerst een voorvertoning): wie een klus past, "
        "kiest; daarna verdeel ik alle plekken in één keer · `/flexpool ronde` — de lopende ronde of de uitslag",
        "*Owner*\n"
        "• `/klus` — post a klus (form), or in one line: `/klus title; 8 hours a week; 10 weeks`\n"
        "• `/klus mine` — your klussen and their status\n"
        "*Colleague*\n"
        "• `/flexpool profile` — see or edit your flex profile "
        "(`/flexpool profile skills: Python, SQL; hours: 8; visible: yes`)\n"
        "• `/flexpool klussen` — open klussen that fit you\n"
        "• `/flexpool pause` / `/flexpool visible` — hide or show your profile\n"
        "• `/flexpool delete-profile` — delete your profile\n"
        "• `/flexpool why <klus>` — why you were or were not asked · `/flexpool algorithm` — how the matcher works\n"
        "• `/flexpool my-data` — everything Flexpool keeps about you, as a file · `/flexpool delete` — erase all "
        "your data\n"
        "• `/flexpool digest on` / `off` — a weekly overview of fitting klussen\n"
        "• Answer invitations with the buttons, or with *yes* / *no* in a message to the bot\n"
        "*Admin* (flexpool office)\n"
        "• `/flexpool stats [period]` — figures about the flexpool (period: `this month`, `quarter`, `year` "
        "or `2026-01-01 to 2026-03-31`)\n"
        "• `/flexpool chart [period]` — the figures as a chart · `/flexpool export [period]` — CSV files\n"
        "• `/flexpool import <link to a CSV>` — profiles in bulk · `/flexpool admin add|remove @someone` — "
        "admins · `/flexpool audit` — who did what\n"
        "• `/flexpool organisation [name]` — organisations and their workspaces · `/flexpool charges [period]` — "
        "hours and bare wage costs between organisations\n"
        "• `/flexpool round new [deadline]` — a matching round (a preview first): who a klus fits chooses; then "
        "I share out all places in one go · `/flexpool round` — the running round or its result",
    ),
    "help.klus_example": (
        "Voorbeeld: `/klus Data-analist voor dashboard jeugdzorg; vaardigheden: data-analyse, Power BI, SQL; "
        "8 uur per week; 10 weken; 1 plek`",
        "Example: `/klus Data analyst for youth care dashboard; skills: data analysis, Power BI, SQL; "
        "8 hours a week; 10 weeks; 1 place`",
    ),
    "help.klus_line": ("Beschrijf de klus in één regel, of typ alleen `/klus` voor het formulier.",
                       "Describe the klus in one line, or type just `/klus` for the form."),
    "help.profile_line": (
        "Velden: naam, functie, afdeling, vaardigheden, wil leren, uren, beschikbaar vanaf, beschikbaar tot, "
        "zichtbaar (ja/nee), voorkeur (specifiek / verras me / eigen afdeling), leidinggevende, taal (nl/en), "
        "schaal (salarisschaal, bv. 10). "
        "Bv. `/flexpool profiel vaardigheden: Python, SQL; uren: 8; zichtbaar: ja`",
        "Fields: name, job title, department, skills, want to learn, hours, available from, available until, "
        "visible (yes/no), preference (specific / surprise me / own department), line manager, language (nl/en), "
        "scale (salary scale, e.g. 10). "
        "E.g. `/flexpool profile skills: Python, SQL; hours: 8; visible: yes`",
    ),
    "help.form_in_text": ("Vul dit formulier in één regel in: `{command} veld: waarde; veld: waarde`.",
                          "Fill in this form in one line: `{command} field: value; field: value`."),
    # --- matching rounds (bot.rounds): /flexpool ronde — issue 17 ------------------------------
    "round.admins_only": ("Een matchingsronde openen of sluiten kunnen alleen beheerders van de flexpool.",
                          "Only flexpool admins can open or close a matching round."),
    "round.no_klussen": ("Er staan geen open klussen met vrije plekken: er is geen ronde geopend.",
                         "There are no open klussen with free places: no round was opened."),
    "round.nobody_fits": ("Er staan {klussen} open klussen, maar ze passen bij niemand (drempel, bereik, uren, "
                          "voorkeur): een ronde zou niemand een bericht sturen. Er is geen ronde geopend.",
                          "There are {klussen} open klussen, but they fit nobody (threshold, reach, hours, "
                          "preference): a round would message nobody. No round was opened."),
    "round.none_open": ("Er loopt nu geen matchingsronde. Open er een met `/flexpool ronde nieuw [deadline]`.",
                        "No matching round is running. Open one with `/flexpool round new [deadline]`."),
    "round.bad_deadline": ("Die deadline begreep ik niet: {text}. Bijvoorbeeld `/flexpool ronde nieuw vrijdag`, "
                           "`/flexpool ronde nieuw 1 december` of `/flexpool ronde nieuw 3 dagen`.",
                           "I did not understand that deadline: {text}. For example `/flexpool round new friday`, "
                           "`/flexpool round new 1 December` or `/flexpool round new 3 days`."),
    "round.preview_title": ("Nieuwe matchingsronde — eerst even kijken", "New matching round — a look first"),
    "round.preview": ("Als je deze ronde opent, krijgen *{people} {people|collega|collega's}* een bericht om te kiezen, tot "
                      "{deadline}. Alleen wie een klus past (drempel, bereik, vrije uren, voorkeur) krijgt een "
                      "bericht. Deze {klussen} {klussen|klus|klussen} doen mee:",
                      "If you open this round, *{people} {people|colleague|colleagues}* get a message to choose, until {deadline}. "
                      "Only people a klus fits (threshold, reach, free hours, preference) get one. These "
                      "{klussen} {klussen|klus|klussen} take part:"),
    "round.preview_klus": ("• {title} — {free} vrije plek(ken), {candidates} kandidaten ({held} met een "
                           "openstaande uitnodiging)",
                           "• {title} — {free} free place(s), {candidates} candidates ({held} with a pending "
                           "invitation)"),
    "round.preview_note": ("Er is nog niets verstuurd.", "Nothing has been sent yet."),
    "round.far_warning": ("Let op: de deadline ligt over {days} {days|dag|dagen}, meer dan {max}. Ik vraag het nog een keer.",
                          "Note: the deadline is {days} {days|day|days} away, more than {max}. I will ask once more."),
    "round.far_confirm": ("De deadline ({deadline}) ligt over {days} {days|dag|dagen} — meer dan {max}. Zo lang wachten "
                          "collega's op de uitslag. Weet je het zeker?",
                          "The deadline ({deadline}) is {days} {days|day|days} away — more than {max}. Colleagues wait that "
                          "long for the result. Are you sure?"),
    "round.btn.open": ("Open de ronde ({people} berichten)", "Open the round ({people} messages)"),
    "round.btn.open_far": ("Ja, open tot {deadline}", "Yes, open until {deadline}"),
    "round.btn.drop": ("Niet openen", "Do not open"),
    "round.dropped": ("De ronde is niet geopend; er is niets verstuurd.", "The round was not opened; nothing was sent."),
    "round.preview_gone": ("Deze voorvertoning geldt niet meer. Vraag een nieuwe met `/flexpool ronde nieuw`.",
                           "This preview no longer applies. Ask for a new one with `/flexpool round new`."),
    "round.preview_stale": ("Deze voorvertoning is verouderd (of de deadline is al voorbij). Vraag een nieuwe met "
                            "`/flexpool ronde nieuw`.",
                            "This preview is out of date (or its deadline has passed). Ask for a new one with "
                            "`/flexpool round new`."),
    "round.opened_already": ("Matchingsronde {id} is al geopend.", "Matching round {id} has been opened already."),
    "round.still_open": ("Matchingsronde {id} loopt nog: sluit of annuleer die eerst.",
                         "Matching round {id} is still running: close or cancel it first."),
    "round.opened": ("Matchingsronde {id} is open tot {deadline}: {klussen} {klussen|klus|klussen}, {people} {people|collega|collega's} krijgen een "
                     "bericht om te kiezen. Na de deadline verdeel ik de plekken in één keer.",
                     "Matching round {id} is open until {deadline}: {klussen} {klussen|klus|klussen}, {people} {people|colleague|colleagues} get a "
                     "message to choose. After the deadline I share out the places in one go."),
    "round.status": ("Matchingsronde {id} loopt tot {deadline}: {answered} van de {people} {people|collega|collega's} hebben gekozen; "
                     "{held} {held|collega|collega's} hebben een openstaande uitnodiging voor een klus van de ronde (die telt als "
                     "hun keuze); {klussen} {klussen|klus|klussen} doen mee.",
                     "Matching round {id} runs until {deadline}: {answered} of {people} {people|colleague|colleagues} have chosen; "
                     "{held} {held|colleague|colleagues} hold a pending invitation for a klus of the round (it counts as their "
                     "choice); {klussen} {klussen|klus|klussen} take part."),
    "round.title": ("Matchingsronde: kies je klussen", "Matching round: choose your klussen"),
    "round.intro": ("Er loopt een matchingsronde. Kies tot {deadline}: interesse in een of meer klussen hieronder, "
                    "'verras me' (elke klus hieronder) of 'alleen mijn afdeling'. Daarna verdeel ik alle "
                    "plekken in één keer: wie een klus zelf koos gaat voor, dan wie het best past. Je krijgt dan "
                    "een gewone uitnodiging, die je zelf accepteert of afwijst. Deze klussen passen bij je:",
                    "A matching round is running. Choose until {deadline}: interest in one or more klussen below, "
                    "'surprise me' (any klus below) or 'only my department'. Then I share out all places in one "
                    "go: who chose a klus themselves comes first, then who fits best. You then get an ordinary "
                    "invitation, which you accept or decline yourself. These klussen fit you:"),
    "round.intro_held": ("Er loopt een matchingsronde; tot {deadline} kiezen collega's, daarna verdeel ik alle "
                         "plekken in één keer. Je hoeft niets te doen: je openstaande uitnodiging telt als je keuze, "
                         "en na de deadline hoor je in één bericht wat de ronde ermee doet.",
                         "A matching round is running; colleagues choose until {deadline}, then I share out all "
                         "places in one go. You need not do anything: your pending invitation counts as your choice, "
                         "and after the deadline one message tells you what the round does with it."),
    "round.line": ("• {title} — {hours} uur per week, {start} t/m {end} (past {fit}%)",
                   "• {title} — {hours} {hours|hour|hours} a week, {start} to {end} (fits {fit}%)"),
    "round.line_held": ("• {title} — {hours} uur per week, {start} t/m {end} (past {fit}%): je hebt hiervoor al "
                        "een uitnodiging; die telt als je keuze (wil je niet meer, wijs hem dan af)",
                        "• {title} — {hours} {hours|hour|hours} a week, {start} to {end} (fits {fit}%): you already have an "
                        "invitation for it; it counts as your choice (decline it if you no longer want it)"),
    "round.more": ("En nog {count} andere klussen die bij je passen; 'verras me' telt ze allemaal mee.",
                   "And {count} other klussen that fit you; 'surprise me' counts them all."),
    "round.note": ("Niemand wordt tegen zijn zin ingezet: je kiest zelf, en accepteert zelf.",
                   "Nobody is placed against their will: you choose, and you accept."),
    "round.btn.interest": ("Interesse: {title}", "Interested: {title}"),
    "round.btn.surprise": ("Verras me", "Surprise me"),
    "round.btn.department": ("Alleen mijn afdeling", "Only my department"),
    "round.btn.pass": ("Ik doe niet mee", "Not this time"),
    "round.btn.close": ("Nu sluiten en verdelen", "Close and share out now"),
    "round.btn.cancel": ("Ronde annuleren", "Cancel the round"),
    "round.interest_on": ("Genoteerd: interesse in {title}. Je kunt tot {deadline} meer klussen kiezen; nog eens "
                          "drukken trekt het in.",
                          "Noted: interested in {title}. You can choose more klussen until {deadline}; pressing "
                          "again takes it back."),
    "round.interest_off": ("Interesse in {title} ingetrokken.", "Interest in {title} taken back."),
    "round.mode.surprise": ("Genoteerd: verras me — elke klus in deze ronde die bij je past (tot {deadline} te "
                            "wijzigen).",
                            "Noted: surprise me — any klus in this round that fits you (you can change it until "
                            "{deadline})."),
    "round.mode.own_department": ("Genoteerd: alleen klussen van je eigen afdeling ({department}), tot {deadline} "
                                  "te wijzigen.",
                                  "Noted: only klussen of your own department ({department}); you can change it "
                                  "until {deadline}."),
    "round.mode.pass": ("Genoteerd: je doet deze ronde niet mee. Tot {deadline} kun je je nog bedenken. Een "
                        "uitnodiging die je al hebt blijft gewoon staan.",
                        "Noted: you are not taking part in this round. You can change your mind until {deadline}. "
                        "An invitation you already have stays as it is."),
    "round.closed_already": ("Deze matchingsronde is al gesloten.", "This matching round has closed already."),
    "round.not_in": ("Je bent niet gevraagd voor deze matchingsronde.", "You were not asked for this matching round."),
    "round.result_title": ("Uitslag van de matchingsronde", "Result of the matching round"),
    "round.you.placed": ("De matchingsronde heeft je deze plek gegeven: {title}. Accepteer of wijs af, zoals altijd.",
                         "The matching round gave you this place: {title}. Accept or decline, as always."),
    "round.you.kept_offered": ("De matchingsronde geeft je de plek bij *{title}*: je uitnodiging daarvoor blijft "
                               "staan (met opnieuw de volle tijd om te antwoorden). Accepteer of wijs af.",
                               "The matching round gives you the place on *{title}*: your invitation for it stands "
                               "(with the full time to answer again). Accept or decline."),
    "round.you.kept_accepted": ("De matchingsronde geeft je de plek bij *{title}*, die je al had geaccepteerd. "
                                "{owner} bevestigt nog.",
                                "The matching round gives you the place on *{title}*, which you had accepted "
                                "already. {owner} still confirms."),
    "round.no_match": ("De plekken van de matchingsronde zijn verdeeld; deze keer is er geen klus voor je. Je blijft "
                       "zichtbaar voor nieuwe klussen.",
                       "The places of the matching round have been shared out; there is no klus for you this time. "
                       "You stay visible for new klussen."),
    "round.you.why.kind": ("De plek(ken) bij {title} gingen naar collega's die die klus zelf kozen.",
                           "The place(s) on {title} went to colleagues who chose that klus themselves."),
    "round.you.why.fit": ("De plek(ken) bij {title} gingen naar collega's bij wie hij beter past.",
                          "The place(s) on {title} went to colleagues it fits better."),
    "round.you.why.fairness": ("De plek(ken) bij {title} gingen naar collega's bij wie hij even goed past en die "
                               "minder vaak gevraagd zijn.",
                               "The place(s) on {title} went to colleagues it fits as well who were asked less "
                               "often."),
    "round.you.why.split": ("De plek(ken) bij {title} gingen naar anderen: zo werden meer plekken gevuld.",
                            "The place(s) on {title} went to others: that way more places were filled."),
    "round.you.why.elsewhere": ("Je bent op een andere klus geplaatst.", "You were placed on another klus."),
    "round.you.short.hours": ("Voor wat je koos had je niet genoeg vrije uren meer.",
                              "You no longer had enough free hours for what you chose."),
    "round.you.short.no_fit": ("Er was geen klus in deze ronde die bij je keuze paste.",
                               "No klus in this round fitted your choice."),
    "round.you.short.cannot": ("Voor wat je koos kon je niet meer gevraagd worden (al eerder gevraagd, of buiten "
                               "bereik).",
                               "You could no longer be asked for what you chose (asked before, or out of reach)."),
    "round.inv_elsewhere": ("Je uitnodiging voor {title} is ingetrokken: de matchingsronde plaatste je op {other}.",
                            "Your invitation for {title} has been withdrawn: the matching round placed you on "
                            "{other}."),
    "round.inv_given": ("Je uitnodiging voor {title} is ingetrokken: de matchingsronde gaf de plek(ken) aan anderen.",
                        "Your invitation for {title} has been withdrawn: the matching round gave the place(s) to "
                        "others."),
    "round.owner_placed": ("De matchingsronde gaf de plek(ken) bij *{title}* aan: {names}. Zij hebben een "
                           "uitnodiging; zodra iemand accepteert, vraag ik je te bevestigen.",
                           "The matching round gave the place(s) on *{title}* to: {names}. They have an invitation; "
                           "as soon as someone accepts, I ask you to confirm."),
    "round.owner_nobody": ("De matchingsronde vond niemand voor *{title}*: {why}. Bekijk de kandidaten, of verbreed "
                           "de klus.",
                           "The matching round found nobody for *{title}*: {why}. Look at the candidates, or widen "
                           "the klus."),
    "round.result_card_title": ("Matchingsronde {id}: uitslag", "Matching round {id}: result"),
    "round.summary": ("Matchingsronde {id} is verdeeld: {assigned} van de {places} vrije plekken, onder {taking_part} "
                      "collega's die kozen of al een uitnodiging hadden (van de {participants} gevraagd).",
                      "Matching round {id} has been shared out: {assigned} of {places} free places, among "
                      "{taking_part} {taking_part|colleague|colleagues} who chose or held an invitation (of {participants} asked)."),
    "round.sent": ("{new} nieuwe uitnodigingen verstuurd; {kept} bestaande uitnodigingen blijven staan als uitslag; "
                   "{withdrawn} {withdrawn|uitnodiging|uitnodigingen} ingetrokken.",
                   "{new} new invitations sent; {kept} existing invitations stand as the result; {withdrawn} "
                   "invitations withdrawn."),
    "round.none_sent": ("Er is geen plek verdeeld en er zijn geen uitnodigingen verstuurd.",
                        "No place was shared out and no invitations were sent."),
    "round.klus_line": ("*{title}* ({free} vrije plek(ken)): {placed}", "*{title}* ({free} free place(s)): {placed}"),
    "round.person": ("{name} {fit}% ({kind})", "{name} {fit}% ({kind})"),
    "round.nobody_placed": ("niemand geplaatst", "nobody placed"),
    "round.kind.chosen": ("koos deze klus", "chose this klus"),
    "round.kind.surprise": ("verras me", "surprise me"),
    "round.kind.own_department": ("eigen afdeling", "own department"),
    "round.passed_line": ("    niet {name} {fit}% ({kind}): {why}", "    not {name} {fit}% ({kind}): {why}"),
    "round.open_line": ("    {count} plek(ken) blijven open: {why}", "    {count} place(s) stay open: {why}"),
    "round.open_why.nobody": ("niemand die de klus past koos hem", "nobody the klus fits chose it"),
    "round.open_why.elsewhere": ("wie hem koos, is op een andere klus geplaatst",
                                 "who chose it was placed on another klus"),
    "round.nothing_line": ("Geen klus: {name} — wilde {title} ({fit}%, {kind}): {why}",
                           "No klus: {name} — wanted {title} ({fit}%, {kind}): {why}"),
    "round.left_out_line": ("Geen klus: {name} — {why}", "No klus: {name} — {why}"),
    "round.why.elsewhere": ("geplaatst op {title}", "placed on {title}"),
    "round.why.kind": ("wie de plek kreeg, koos deze klus zelf", "who got the place chose this klus themselves"),
    "round.why.fit": ("wie de plek kreeg, past beter (vanaf {fit}%)", "who got the place fits better (from {fit}%)"),
    "round.why.fairness": ("even goede fit; de plek ging naar wie minder vaak gevraagd was",
                           "equal fit; the place went to who was asked less often"),
    "round.why.split": ("zo werden meer plekken gevuld", "that way more places were filled"),
    "round.short.hours": ("te weinig vrije uren voor wat hij of zij koos", "too few free hours for what they chose"),
    "round.short.no_fit": ("geen klus paste bij de keuze", "no klus fitted the choice"),
    "round.short.cannot": ("eerder gevraagd voor of buiten bereik van wat hij of zij koos",
                           "asked before for, or out of reach of, what they chose"),
    "round.short.closed": ("de gekozen klus is niet meer open", "the chosen klus is no longer open"),
    "round.more_in_export": ("En nog {count} {count|regel|regels}: alles staat in `/flexpool export`.",
                             "And {count} more lines: everything is in `/flexpool export`."),
    "round.how_new": ("Een nieuwe ronde open je met `/flexpool ronde nieuw [deadline]`.",
                      "Open a new round with `/flexpool round new [deadline]`."),
    "round.cancelled": ("Matchingsronde {id} is geannuleerd.", "Matching round {id} has been cancelled."),
    "round.cancelled_at": ("Matchingsronde {id} is geannuleerd op {when}; er is niets verdeeld.",
                           "Matching round {id} was cancelled on {when}; nothing was shared out."),
    "round.cancelled_people": ("De matchingsronde is geannuleerd; je keuzes vervallen. De klussen blijven open.",
                               "The matching round has been cancelled; your choices lapse. The klussen stay open."),
    "round.outcome.placed": ("geplaatst", "placed"),
    "round.outcome.passed_over": ("niet gekozen", "passed over"),
    "round.outcome.nothing": ("geen klus", "no klus"),
    "round.outcome.open": ("{count} plek(ken) open", "{count} place(s) open"),
    "export.rounds": ("matchingsrondes", "matching-rounds"),
    "col.round": ("Ronde", "Round"),
    "col.outcome": ("Uitkomst", "Outcome"),
    "col.fit": ("Past (%)", "Fit (%)"),
    "col.choice": ("Keuze", "Choice"),
    "col.reason": ("Waarom", "Why"),
    "audit.round_open": ("opende matchingsronde {round}: {people} {people|collega|collega's}, {klussen} {klussen|klus|klussen}, tot {deadline}",
                         "opened matching round {round}: {people} {people|colleague|colleagues}, {klussen} {klussen|klus|klussen}, until {deadline}"),
    "audit.round_close": ("sloot matchingsronde {round}: {assigned} van de {places} {places|plek|plekken} verdeeld",
                          "closed matching round {round}: {assigned} of {places} {places|place|places} shared out"),
    "audit.round_cancel": ("annuleerde matchingsronde {round}", "cancelled matching round {round}"),
    # --- end of matching rounds (issue 17) --------------------------------------------------------
    # --- issue 19: the one-line klus and profile, and words that follow a number ---------
    "field.unknown": ("Onbekend veld", "Unknown field"),
    "err.unknown_label": (
        "{labels} — dat veld ken ik niet, en wat ik niet begrijp plaats ik niet. Velden van een klus: titel, "
        "vaardigheden, omschrijving, resultaat, afdeling, locatie, bereik, start, eind, uren, plekken, duur. Hoort "
        "het in de omschrijving, schrijf dan `omschrijving: {text}`.",
        "{labels} — I don't know that field, and I don't post what I don't understand. Fields of a klus: title, "
        "skills, description, result, department, location, reach, start, end, hours, places, duration. If it "
        "belongs in the description, write `description: {text}`."),
    "err.label_is_profile": ("{label} hoort bij je profiel, niet bij een klus: `/flexpool profiel {text}`.",
                             "{label} belongs to your profile, not to a klus: `/flexpool profile {text}`."),
    "err.reach_choice": ("kies afdeling, organisatie of overheidsbreed, bv. `bereik: overheidsbreed` "
                         "(“{text}” ken ik niet).",
                         "choose department, organisation or government-wide, e.g. `reach: government-wide` "
                         "(I don't know “{text}”)."),
    "err.hours_unreadable": ("schrijf het aantal uren per week als getal, bv. `8 uur per week` (ik las “{text}”).",
                             "write the hours a week as a number, e.g. `8 hours a week` (I read “{text}”)."),
    "err.places_unreadable": ("schrijf het aantal plekken als heel getal, bv. `2 plekken` (ik las “{text}”).",
                              "write the number of places as a whole number, e.g. `2 places` (I read “{text}”)."),
    "err.duration_unreadable": ("hoe lang duurt de klus? Schrijf bv. `10 weken`, `3 maanden`, `1 jaar` of "
                                "`tot 1 maart` (ik las “{text}”).",
                                "how long does the klus take? Write e.g. `10 weeks`, `3 months`, `1 year` or "
                                "`until 1 March` (I read “{text}”)."),
    "err.hours_per_period": ("ik reken in uren per week; “{text}” is ongeveer {weekly} uur per week. Schrijf bv. "
                             "`{example} uur per week`.",
                             "I count in hours a week; “{text}” is about {weekly} {weekly|hour|hours} a week. "
                             "Write e.g. `{example} {example|hour|hours} a week`."),
    "err.end_past": ("de einddatum {date} ligt in het verleden; kies een datum na de start, bv. `tot 1 maart`, of "
                     "een duur, bv. `10 weken`.",
                     "the end date {date} is in the past; choose a date after the start, e.g. `until 1 March`, or "
                     "a duration, e.g. `10 weeks`."),
    "err.range_backwards_year": ("de einddatum {end} ligt vóór de start {start}. Bedoel je {later}? Schrijf dan "
                                 "het jaar erbij (`tot {later}`), of kies een einddatum na de start.",
                                 "the end date {end} is before the start {start}. Do you mean {later}? Then write "
                                 "the year (`until {later}`), or choose an end date after the start."),
    "ask.disapprove_reason": ("Wil je zeggen waarom? Je collega en de opdrachtgever lezen het (mag leeg blijven).",
                              "Would you like to say why? Your colleague and the owner read it (optional)."),
    "form.disapprove.title": ("Geen akkoord geven", "Do not approve"),
    "appr.declined_colleague_reason": ("Je leidinggevende {manager} gaf geen akkoord voor *{title}*: “{reason}”. De "
                                       "match gaat niet door.",
                                       "Your line manager {manager} did not approve *{title}*: “{reason}”. The match "
                                       "does not go ahead."),
    "appr.declined_owner_reason": ("Leidinggevende {manager} gaf geen akkoord voor {name} bij *{title}*: “{reason}”. "
                                   "We vragen zo nodig de volgende.",
                                   "Line manager {manager} did not approve {name} for *{title}*: “{reason}”. We ask "
                                   "the next person if needed."),
    "appr.you_declined_reason": ("Je gaf geen akkoord (“{reason}”); {name} en de opdrachtgever zijn ingelicht, met je "
                                 "reden.",
                                 "You did not approve (“{reason}”); {name} and the owner have been told, with your "
                                 "reason."),
    # mijn-gegevens: the summary beside the JSON (bot.privacy)
    "privacy.file_name": ("flexpool-gegevens", "flexpool-my-data"),
    "privacy.file_summary": ("overzicht", "summary"),
    "privacy.summary_file_title": ("Flexpool: mijn gegevens in gewone zinnen", "Flexpool: my data in plain sentences"),
    "privacy.summary_title": ("Wat Flexpool over je bewaart (op {when})", "What Flexpool keeps about you (at {when})"),
    "privacy.summary_person": ("Je bent {name} op {platform} (werkruimte {workspace}, gebruikers-id {user}); je taal "
                               "is {lang} en je tijdzone {tz}.",
                               "You are {name} on {platform} (workspace {workspace}, user id {user}); your language "
                               "is {lang} and your time zone {tz}."),
    "privacy.summary_organisation": ("Je hoort bij de organisatie {organisation}.",
                                     "You belong to the organisation {organisation}."),
    "privacy.summary_no_profile": ("Je hebt geen flexprofiel.", "You have no flex profile."),
    "privacy.summary_profile": ("Je flexprofiel is {visible}. Functie: {job}; afdeling: {department}; vaardigheden: "
                                "{skills}; wil leren: {wants}; {hours} uur per week, beschikbaar {available}; "
                                "voorkeur: {preference}.",
                                "Your flex profile is {visible}. Job title: {job}; department: {department}; skills: "
                                "{skills}; wants to learn: {wants}; {hours} {hours|hour|hours} a week, available "
                                "{available}; preference: {preference}."),
    "privacy.summary_profile_more": ("Leidinggevende: {manager}; salarisschaal: {scale}; door opdrachtgevers "
                                     "bevestigd: {endorsed}.",
                                     "Line manager: {manager}; salary scale: {scale}; endorsed by klus owners: "
                                     "{endorsed}."),
    "privacy.summary_klussen": ("Je plaatste {count} {count|klus|klussen}: {list}.",
                                "You posted {count} {count|klus|klussen}: {list}."),
    "privacy.summary_klus": ("{title} ({status}, {start} – {end})", "{title} ({status}, {start} – {end})"),
    "privacy.summary_invitations": ("Je kreeg {count} {count|uitnodiging|uitnodigingen}: {list}.",
                                    "You received {count} {count|invitation|invitations}: {list}."),
    "privacy.summary_invitation": ("{title} ({status})", "{title} ({status})"),
    "privacy.summary_feedback": ("Er {count|is|zijn} {count} {count|terugblik|terugblikken} van of over je.",
                                 "There {count|is|are} {count} feedback {count|entry|entries} by or about you."),
    "privacy.summary_messages": ("We bewaren {count} {count|bericht|berichten} aan je (verstuurd of nog te "
                                 "versturen), tot ze na de bewaartermijn worden gewist.",
                                 "We keep {count} {count|message|messages} to you (sent or still to send), until "
                                 "they are deleted after the retention period."),
    "privacy.summary_audit": ("Het auditlog noemt {count} {count|handeling|handelingen} van je.",
                              "The audit log names {count} {count|action|actions} of yours."),
    "privacy.summary_approvals": ("Je werd {count} keer als leidinggevende om akkoord gevraagd.",
                                  "You were asked {count} {count|time|times} to approve as a line manager."),
    "privacy.summary_admin": ("Je bent beheerder van de flexpool (toegevoegd in de chat).",
                              "You are a flexpool admin (added in chat)."),
    "privacy.summary_table": ("{table}: {count}", "{table}: {count}"),
    "privacy.summary_other": ("Verder aan je gekoppeld: {tables}.", "Further linked to you: {tables}."),
    "privacy.summary_mentioned": ("Je naam of id staat ook in {count} {count|rij|rijen} van anderen ({tables}), "
                                  "bijvoorbeeld een bericht aan een opdrachtgever dat je een klus accepteerde.",
                                  "Your name or id also appears in {count} {count|row|rows} of other people's data "
                                  "({tables}), for example a message to a klus owner that you accepted a klus."),
    "privacy.summary_end": ("Alles staat volledig in het bestand {filename} ernaast. Alles laten wissen: "
                            "`/flexpool verwijder`.",
                            "Everything is in full in the file {filename} beside this one. To have it all erased: "
                            "`/flexpool delete`."),
    # stats: each figure says what it counts (bot.office)
    "stats.share": ("{count} van {total} ({percent}%)", "{count} of {total} ({percent}%)"),
    "stats.acceptance_value": ("{accepted} van {answered} ({percent}%); niet beantwoord: {expired} verlopen, "
                               "{withdrawn} ingetrokken, {waiting} {waiting|wacht|wachten} nog",
                               "{accepted} of {answered} ({percent}%); not answered: {expired} expired, {withdrawn} "
                               "withdrawn, {waiting} still waiting"),
    "klus.result_line": ("Resultaat: {text}", "Result: {text}"),  # put in the description by a one-line klus
    "klus.location_line": ("Locatie: {text}", "Location: {text}"),
    "err.point": ("• {error}", "• {error}"),
    "err.klus_incomplete": ("schrijf minstens een titel, uren per week en een duur, zoals in het voorbeeld.",
                            "write at least a title, hours a week and a duration, as in the example."),
    "err.profile_empty": ("Er stond geen veld in. Schrijf `veld: waarde`, bv. `/flexpool profiel uren: 8`; alleen "
                          "`/flexpool profiel` toont je profiel.",
                          "There was no field in it. Write `field: value`, e.g. `/flexpool profile hours: 8`; just "
                          "`/flexpool profile` shows your profile."),
    "help.profile_example": ("Voorbeeld: `/flexpool profiel vaardigheden: Python, SQL; wil leren: Power BI; uren: 8; "
                             "zichtbaar: ja`",
                             "Example: `/flexpool profile skills: Python, SQL; want to learn: Power BI; hours: 8; "
                             "visible: yes`"),
    "dm.help_no_invitation": ("Hallo! Je hebt nu geen openstaande uitnodigingen, dus er is niets om ja of nee op te "
                              "zeggen. Typ `/flexpool klussen` voor open klussen die bij je passen, `/flexpool "
                              "profiel` voor je profiel of `/flexpool help` voor alles wat ik kan.",
                              "Hello! You have no open invitations right now, so there is nothing to say yes or no "
                              "to. Type `/flexpool klussen` for open klussen that fit you, `/flexpool profile` for "
                              "your profile or `/flexpool help` for everything I can do."),

    # --- issue 20: a profile from a LinkedIn export, a CV or pasted text (bot.cv, bot.cv_read),
    # what a profile misses and what it costs, the one-time nudge (bot.nudge) ----------------
    "cv.title": ("Voorstel voor je profiel", "A proposal for your profile"),
    "cv.read_and_gone": ("Ik heb je bestand gelezen en meteen weer weggegooid: het is nergens bewaard of gelogd. "
                         "Dit vond ik:",
                         "I read your file and threw it away at once: it was not stored or logged anywhere. "
                         "This is what I found:"),
    "cv.not_stored": ("Er is nog niets opgeslagen. Kies wat je houdt; je kunt daarna altijd nog aanpassen.",
                      "Nothing has been stored yet. Choose what you keep; you can always change it later."),
    "cv.gone": ("Je bestand is niet bewaard: ik lees het alleen in het geheugen.",
                "Your file was not stored: I only read it in memory."),
    "cv.what": ("Stuur me je LinkedIn-export (zip), je cv als pdf of Word (.docx), of plak de tekst van je cv in een "
                "bericht dat met `cv` begint.",
                "Send me your LinkedIn export (zip), your CV as PDF or Word (.docx), or paste your CV's text in a "
                "message starting with `cv`."),
    "cv.line_title": ("{n}. Functie: {title} ({where})", "{n}. Job title: {title} ({where})"),
    "cv.line_skill": ("{n}. {term} ({where})", "{n}. {term} ({where})"),
    "cv.line_lang": ("{n}. Taal: {term} ({where})", "{n}. Language: {term} ({where})"),
    "cv.line_want": ("{n}. Wil leren: {term} ({where})", "{n}. Wants to learn: {term} ({where})"),
    "cv.visible_new": ("Met opslaan maak je je profiel zichtbaar, zodat je voor klussen gevraagd kunt worden; liever "
                       "niet? Zeg `verborgen` (of kies Verborgen in het formulier).",
                       "Saving makes your profile visible, so you can be asked for klussen; rather not? Say "
                       "`hidden` (or choose Hidden in the form)."),
    "cv.option": ("{term} — {where}", "{term} — {where}"),
    "cv.from.li_skills": ("LinkedIn: vaardigheden {what}", "LinkedIn: skills {what}"),
    "cv.from.li_skills.bare": ("LinkedIn: vaardigheden", "LinkedIn: skills"),
    "cv.from.li_position": ("LinkedIn: functie {what}", "LinkedIn: position {what}"),
    "cv.from.li_position.bare": ("LinkedIn: functie", "LinkedIn: position"),
    "cv.from.li_headline": ("LinkedIn: kopregel {what}", "LinkedIn: headline {what}"),
    "cv.from.li_headline.bare": ("LinkedIn: kopregel", "LinkedIn: headline"),
    "cv.from.li_cert": ("LinkedIn: certificaat {what}", "LinkedIn: certificate {what}"),
    "cv.from.li_cert.bare": ("LinkedIn: certificaten", "LinkedIn: certificates"),
    "cv.from.li_profile": ("LinkedIn: profieltekst {what}", "LinkedIn: profile text {what}"),
    "cv.from.li_profile.bare": ("LinkedIn: profieltekst", "LinkedIn: profile text"),
    "cv.from.li_education": ("LinkedIn: opleiding {what}", "LinkedIn: education {what}"),
    "cv.from.li_education.bare": ("LinkedIn: opleiding", "LinkedIn: education"),
    "cv.from.li_languages": ("LinkedIn: talen, {what}", "LinkedIn: languages, {what}"),
    "cv.from.li_languages.bare": ("LinkedIn: talen", "LinkedIn: languages"),
    "cv.from.cv": ("cv, {what}", "CV, {what}"),
    "cv.from.cv.bare": ("cv", "CV"),
    "cv.from.text": ("je tekst, {what}", "your text, {what}"),
    "cv.from.text.bare": ("je tekst", "your text"),
    "btn.cv_choose": ("Kiezen en opslaan", "Choose and save"),
    "btn.cv_keep": ("Alles opslaan", "Save all"),
    "btn.cv_none": ("Niets opslaan", "Save nothing"),
    "ask.cv_keep": ("Iets weglaten of toevoegen? Bijvoorbeeld `zonder 3 5`, `plus Excel, SQL`, `leren Python`, "
                    "`uren 8`, `functie Beleidsadviseur` of `verborgen`. Leeg laten = alles opslaan.",
                    "Leave something out or add something? For example `without 3 5`, `plus Excel, SQL`, "
                    "`learn Python`, `hours 8`, `title Policy adviser` or `hidden`. Leave empty = save all."),
    "form.ask.text": ("Je antwoord (optioneel)", "Your answer (optional)"),
    "form.cv.title": ("Je profiel aanvullen", "Complete your profile"),
    "cv.form_intro": ("Vink uit wat niet klopt en vul aan wat ontbreekt. Pas bij Opslaan wordt iets bewaard; wat je al "
                      "in je profiel had blijft staan.",
                      "Untick what is not right and add what is missing. Nothing is stored until you save; what "
                      "your profile already had stays."),
    "field.cv_languages": ("Talen (komen bij je vaardigheden)", "Languages (added to your skills)"),
    "field.cv_more_skills": ("Meer vaardigheden", "More skills"),
    "field.cv_more_wants": ("Meer wat je wilt leren", "More you want to learn"),
    "hint.cv_title": ("Je huidige functie; leeg laten = niet veranderen.",
                      "Your current position; leave empty = no change."),
    "cv.saved": ("Opgeslagen wat je koos. Je bestand is niet bewaard.", "Saved what you chose. Your file was not stored."),
    "cv.cut": ("{count} termen pasten niet meer (een profiel houdt er {max}).",
               "{count} terms did not fit (a profile holds {max})."),
    "cv.nothing": ("Ik vond hierin geen functie, vaardigheden of talen die ik ken.",
                   "I found no job title, skills or languages I know in this."),
    "cv.nothing_chosen": ("Je koos niets nieuws; er is niets veranderd.", "You chose nothing new; nothing has changed."),
    "cv.err.too_big": ("Dat bestand is te groot (meer dan {mb} MB). Kies bij LinkedIn alleen je profielgegevens, of "
                       "stuur je cv als pdf of Word.",
                       "That file is too big (over {mb} MB). At LinkedIn choose only your profile data, or send "
                       "your CV as PDF or Word."),
    "cv.err.empty": ("Dat bestand is leeg.", "That file is empty."),
    "cv.err.no_text": ("Ik kan hier geen tekst in lezen: het lijkt een scan of afbeelding. Stuur je cv als Word-bestand "
                       "of als pdf met tekst, of plak de tekst in een bericht dat met `cv` begint.",
                       "I cannot read any text in this: it looks like a scan or an image. Send your CV as a Word "
                       "file or a PDF with text, or paste the text in a message starting with `cv`."),
    "cv.err.password": ("Dit bestand is met een wachtwoord beveiligd; dat lees ik niet. Stuur een versie zonder "
                        "wachtwoord (je wachtwoord wil ik niet hebben).",
                        "This file is password protected; I do not read that. Send a version without a password "
                        "(I do not want your password)."),
    "cv.err.corrupt": ("Dit bestand is beschadigd of niet wat de naam zegt; ik kan het niet openen.",
                       "This file is damaged or not what its name says; I cannot open it."),
    "cv.err.pages": ("Dat is meer dan {max} pagina's; een cv is korter. Stuur alleen je cv.",
                     "That is more than {max} pages; a CV is shorter. Send only your CV."),
    "cv.err.zip_entries": ("Dit archief bevat meer dan {max} bestanden; dat is geen LinkedIn-export.",
                           "This archive holds more than {max} files; that is not a LinkedIn export."),
    "cv.err.zip_bomb": ("Dit archief pakt uit tot iets veel groters dan een LinkedIn-export; dat open ik niet.",
                        "This archive unpacks into something far bigger than a LinkedIn export; I will not open it."),
    "cv.err.zip_path": ("Dit archief bevat een pad dat buiten het archief wijst; dat open ik niet.",
                        "This archive holds a path pointing outside the archive; I will not open it."),
    "cv.err.not_linkedin": ("In dit archief zit geen Profile.csv, Positions.csv, Skills.csv of Languages.csv: het lijkt "
                            "geen LinkedIn-export. Vraag die aan bij LinkedIn onder 'Een kopie van je gegevens "
                            "downloaden'.",
                            "This archive has no Profile.csv, Positions.csv, Skills.csv or Languages.csv: it does not "
                            "look like a LinkedIn export. Ask LinkedIn for one under 'Get a copy of your data'."),
    "cv.err.old_word": ("Dit is een oud Word-bestand (.doc) of een ander tekstformaat dat ik niet lees. Sla het op als "
                        ".docx of pdf en stuur het opnieuw.",
                        "This is an old Word file (.doc) or another text format I do not read. Save it as .docx or "
                        "PDF and send it again."),
    "cv.err.type": ("Dit soort bestand lees ik niet.", "I do not read this kind of file."),
    "cv.err.short": ("Plak na `cv` de tekst van je cv (een paar regels minstens).",
                     "After `cv`, paste your CV's text (a few lines at least)."),
    "cv.err.numbers": ("Noem nummers uit het voorstel (1 tot en met {max}), bijvoorbeeld `zonder 3 5`.",
                       "Name numbers from the proposal (1 to {max}), for example `without 3 5`."),
    "cv.err.words": ("Dit begrijp ik niet: {text}", "I do not understand this: {text}"),
    "help.cv_form_in_text": ("In de terminal kies je met de knop Alles opslaan: typ het nummer van die knop met bv. "
                             "`zonder 3 5 plus Excel uren 8`.",
                             "In the terminal you choose with the Save all button: type that button's number with "
                             "e.g. `without 3 5 plus Excel hours 8`."),
    "cv.err.not_a_file": ("Dat bestand kan ik niet openen: {path}", "I cannot open that file: {path}"),
    "import.not_csv_or_cv": ("Van bijlagen lees ik een LinkedIn-export (zip) of cv (pdf, Word .docx) voor je eigen "
                             "profiel, en CSV-bestanden met profielen (voor beheerders van de flexpool); “{name}” is "
                             "geen CSV-bestand, cv of LinkedIn-export, er is niets mee gedaan.",
                             "Of attachments I read a LinkedIn export (zip) or CV (PDF, Word .docx) for your own "
                             "profile, and CSV files with profiles (for flexpool admins); “{name}” is not a CSV file, "
                             "CV or LinkedIn export, nothing was done with it."),
    "gap.intro": ("Wat er nog ontbreekt:", "What is still missing:"),
    "gap.note": ("Wat er nog ontbreekt:\n{items}", "What is still missing:\n{items}"),
    "gap.none": ("Je hebt nog geen profiel: zonder profiel word je voor geen enkele klus gevraagd. Stuur me je "
                 "LinkedIn-export of cv, dan stel ik er een voor.",
                 "You have no profile yet: without one you are asked for no klus at all. Send me your LinkedIn "
                 "export or CV and I will propose one."),
    "gap.hours": ("Uren per week: zonder uren per week word je niet gevraagd.",
                  "Hours per week: without hours per week you are not asked."),
    "gap.skills": ("Vaardigheden: zonder vaardigheden vindt de matcher je niet.",
                   "Skills: without skills the matcher does not find you."),
    "gap.few_skills": ("Vaardigheden: je hebt er {count}; met minder dan {min} mis je klussen die bij je passen.",
                       "Skills: you have {count}; with fewer than {min} you miss klussen that fit you."),
    "gap.hidden": ("Zichtbaar: je profiel staat verborgen, dus je wordt niet gevraagd.",
                   "Visible: your profile is hidden, so you are not asked."),
    "gap.title": ("Functie: zonder functie kan een klus die om een functie vraagt je niet vinden.",
                  "Job title: without one, a klus asking for a job title cannot find you."),
    "gap.wants": ("Wil leren: zonder wensen word je niet gevraagd voor klussen om in te groeien.",
                  "Wants to learn: without wishes you are not asked for klussen to grow in."),
    "gap.quick": ("Snel aanvullen: stuur me je LinkedIn-export of cv (pdf, .docx) in een privébericht.",
                  "Quick to complete: send me your LinkedIn export or CV (PDF, .docx) in a direct message."),
    "nudge.text": ("Hoi! Je staat al een week in de flexpool, maar je profiel is nog leeg. Zonder profiel word je "
                   "niet gevraagd voor klussen. Het kost een minuut: stuur me je LinkedIn-export of je cv (pdf of "
                   "Word), dan stel ik je profiel voor en kies jij wat je houdt. Niets wordt bewaard voordat je "
                   "bevestigt.",
                   "Hi! You joined the flexpool a week ago, but your profile is still empty. Without a profile you "
                   "are not asked for klussen. It takes a minute: send me your LinkedIn export or your CV (PDF or "
                   "Word), I will propose your profile and you choose what to keep. Nothing is stored before you "
                   "confirm."),
    "nudge.note": ("Dit is de enige herinnering. Liever niet? `/flexpool herinnering uit`.",
                   "This is the only reminder. Rather not? `/flexpool reminder off`."),
    "btn.nudge_off": ("Geen herinneringen", "No reminders"),
    "nudge.off": ("Je krijgt geen herinnering meer over je profiel.", "You will get no more reminders about your profile."),
    "nudge.on": ("Je krijgt weer een herinnering als je profiel leeg blijft.",
                 "You will get a reminder again if your profile stays empty."),
    "err.nudge_word": ("Typ `/flexpool herinnering uit` of `/flexpool herinnering aan`.",
                       "Type `/flexpool reminder off` or `/flexpool reminder on`."),
    # --- issue 15: one chat core, thin platforms (handlers/chat) ----------------------------------
    "chat.which_team": ("Ik weet nog niet in welk team je Flexpool gebruikt. Typ één keer `/flexpool` in een kanaal "
                        "van je team; daarna kan ik je hier in je berichten helpen.",
                        "I do not know yet which team you use Flexpool in. Type `/flexpool` once in a channel of "
                        "your team; after that I can help you here in your messages."),
}
