"""Dutch word knowledge: compounds, word forms, female forms, synonyms and abbreviations."""

from __future__ import annotations

import pytest

from bot import lexicon as lexicon_module
from bot.lexicon import Lexicon, base_forms, default_lexicon, family, fold, load, male_forms, read_synonyms


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return default_lexicon()


def features(lex: Lexicon, text: str) -> set[str]:
    return {feature for slot in lex.slots(text) for feature, _ in slot}


@pytest.mark.parametrize("word, parts", [
    ("jeugdzorgconsulent", ("jeugd", "zorg", "consulent")),
    ("beleidsmedewerker", ("beleid", "medewerker")),  # linking -s-
    ("kinderopvang", ("kind", "opvang")),  # linking -er-
    ("informatiebeveiliging", ("informatie", "beveiliging")),
    ("gebruikersonderzoek", ("gebruiker", "onderzoek")),
    ("toezichthouder", ("toezicht", "houder")),
    ("bosbeheer", ("bos", "beheer")),  # a productive three-letter first part
    ("archiefinventarisator", ("archief", "inventarisator")),  # a last part the list does not know
    ("beleidsmedewerkers", ("beleid", "medewerker")),  # plural head
    ("goederenstroom", ("goed", "stroom")),  # plural first part
])
def test_compounds_split_into_known_parts(lex, word, parts):
    assert lex.split(word) == parts


@pytest.mark.parametrize("word", [
    "medewerker", "consulent", "verkoper", "ontwerper", "onderwijs", "begeleider", "manager",
    "operator", "kassier", "bedrijven", "materialen", "secretaris", "onafhankelijk", "adviseur", "talent",
])
def test_words_that_only_look_like_compounds_stay_whole(lex, word):
    assert len(lex.split(word)) == 1


def test_short_and_odd_words_are_left_alone(lex):
    assert lex.split("sql") == ("sql",) and lex.split("c++") == ("c++",) and lex.split("") == ("",)
    assert lex.split("x" * 60) == ("x" * 60,)


@pytest.mark.parametrize("female, common", [
    ("medewerkster", "medewerker"), ("directrice", "directeur"), ("lerares", "leraar"), ("inpakster", "inpakker"),
    ("verkoopster", "verkoper"), ("adviseuse", "adviseur"), ("docente", "docent"), ("inspectrice", "inspecteur"),
])
def test_female_job_nouns_take_their_common_form(lex, female, common):
    assert lex.units(female) == lex.units(common)


def test_male_forms_and_base_forms_are_candidates_to_check():
    assert "verkoper" in male_forms("verkoopster") and "wever" in male_forms("weefster")
    assert "biograaf" in male_forms("biografe")
    assert {"materiaal", "bedrijf"} <= set(base_forms("materialen")) | set(base_forms("bedrijven"))
    assert "goed" in base_forms("goederen") and "kaart" in base_forms("kaartjes")


@pytest.mark.parametrize("a, b", [
    ("beleidsmedewerker", "medewerker beleid"),
    ("jeugdzorgconsulent", "consulent jeugdzorg"),
    ("Beleidsmedewerkster", "beleidsmedewerkers"),
    ("Data-analisten", "data analist"),
    ("informatie-beveiliging", "Informatiebeveiliging"),
])
def test_word_order_compounds_and_forms_give_the_same_features(lex, a, b):
    assert features(lex, a) == features(lex, b)


@pytest.mark.parametrize("a, b", [
    ("AVG", "GDPR"), ("AVG", "Algemene Verordening Gegevensbescherming"), ("Wmo", "wet maatschappelijke ondersteuning"),
    ("BI", "business intelligence"), ("ICT", "informatietechnologie"), ("beleid", "policy"),
    ("inkoop", "procurement"), ("Woo", "Wet open overheid"),
])
def test_synonyms_and_abbreviations_share_a_set(lex, a, b):
    shared = features(lex, a) & features(lex, b)
    assert any(f.startswith("=") for f in shared), (lex.slots(a), lex.slots(b))


def test_a_synonym_scores_less_than_the_word_itself(lex):
    (slot,) = lex.slots("subsidie")
    weights = dict(slot)
    assert weights["subsidie"] == pytest.approx(1 - lexicon_module.SYN_WEIGHT)
    assert sum(w for f, w in slot if f.startswith("=")) == pytest.approx(lexicon_module.SYN_WEIGHT)


def test_unrelated_words_share_nothing(lex):
    assert not features(lex, "jurist") & features(lex, "data-analist")
    assert not features(lex, "kistenmaker") & features(lex, "kastenmaker") - features(lex, "maker")


def test_known_words_and_typos(lex):
    assert lex.known("beleidsmedewerker") and lex.known("Kastenmaker") and lex.known("AVG")
    assert not lex.known("Pyhton") and not lex.known("") and not lex.known("beleidsmedwerker")


def test_admin_synonyms_extend_the_lexicon(tmp_path):
    extra = tmp_path / "extra.tsv"
    extra.write_text("# ours\nflexwerker\tklusser | invaller\nalleen\n", encoding="utf-8")
    assert read_synonyms(extra) == [["flexwerker", "klusser", "invaller"]]
    lex = load(extra_synonyms=[extra])
    assert features(lex, "klusser") & features(lex, "invaller")
    fresh = load()
    version = fresh.version
    assert not features(fresh, "klusser") & features(fresh, "flexwerker")
    assert fresh.add_synonyms(read_synonyms(extra)) == 1
    assert fresh.version == version + 1 and fresh.add_synonyms(read_synonyms(extra)) == 0
    assert features(fresh, "klusser") & features(fresh, "flexwerker")
    assert read_synonyms(tmp_path / "missing.tsv") == []


def test_fold_drops_accents_case_punctuation_and_invisible_marks():
    assert fold("Coördinatrice  Financiën!") == "coordinatrice financien"
    assert fold("sub\u00adsi\u00addie") == "subsidie"
    assert fold("C++ / C#") == "c++ c#"


def test_the_shipped_lists_are_small_and_credited():
    data = lexicon_module.DATA
    for name in ("nl_parts.txt", "nl_gender.tsv", "nl_names.txt", "synonyms.tsv", "README.md", "LICENSE-opentaal.txt"):
        assert (data / name).exists(), name
    assert sum((data / n).stat().st_size for n in ("nl_parts.txt", "nl_gender.tsv", "synonyms.tsv")) < 400_000
    assert "OpenTaal" in (data / "nl_parts.txt").read_text(encoding="utf-8")[:300]
    assert "OpenTaal" in (data / "nl_names.txt").read_text(encoding="utf-8")[:300]


def test_the_synonyms_file_setting_reaches_the_matcher(tmp_path, db_url):
    from bot.app import build
    from bot.matching import Candidate, rank
    from bot.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="FLEXPOOL_SYNONYMS_FILE"):
        Settings.from_env({"FLEXPOOL_SYNONYMS_FILE": str(tmp_path / "nope.tsv")}, dotenv_path=None)
    ours = tmp_path / "ours.tsv"
    ours.write_text("zwaluwstaartverbinding\tpenverbinding\n", encoding="utf-8")
    settings = Settings.from_env({"FLEXPOOL_SYNONYMS_FILE": str(ours), "DATABASE_URL": db_url}, dotenv_path=None)
    assert settings.synonyms_file == (str(ours),)
    assert rank(["penverbinding"], [Candidate(1, ["zwaluwstaartverbinding"])]) == []
    app = build(settings, upgrade=False)
    app.engine.dispose()
    assert [m.id for m in rank(["penverbinding"], [Candidate(1, ["zwaluwstaartverbinding"])])] == [1]


def test_a_phrase_synonym_takes_whole_words_not_half_a_compound():
    lex = Lexicon(["archief", "beheer", "adviseur", "raad", "gever"], synonyms=[
        ["adviseur", "raadgever", "consultant"], ["archiefadviseur", "archiefconsulent"]])
    # "adviseur archiefbeheer" is an adviseur of archief|beheer, not an archiefadviseur + beheer
    assert features(lex, "adviseur archiefbeheer") & features(lex, "raadgever archiefbeheer") >= {
        "archief", "beher"}
    shared = features(lex, "adviseur archiefbeheer") & features(lex, "consultant")
    assert any(f.startswith("=") for f in shared)
    # one compound, or whole words, still read as the phrase
    assert features(lex, "archiefadviseur") & features(lex, "archiefconsulent")
    assert features(lex, "archief adviseur") & features(lex, "archiefconsulent")


def test_the_related_words_are_shipped_credited_and_read_lazily():
    data = lexicon_module.DATA
    head = (data / "nl_related.tsv").read_text(encoding="utf-8")[:400]
    assert "Open Dutch WordNet" in head and "CC BY-SA 4.0" in head and (data / "LICENSE-odwn.md").exists()
    lex = load()
    assert lex._related_file is not None  # not read at start-up
    assert "docent" in lex.related(lex.units("leraar")[0])
    assert lex._related_file is None


@pytest.mark.parametrize("word, units", [
    ("archiefbeheerster", ("archief", "beheerder")),  # the female head of a compound, not the whole word
    ("bedrijfsleidster", ("bedrijf", "leider")),
    ("medewerkster", ("medewerker",)),
])
def test_a_female_compound_takes_the_common_form_of_its_head(lex, word, units):
    assert lex.units(word) == units


def test_build_related_writes_word_parts_the_lexicon_reads_back(tmp_path, lex):
    odwn = tmp_path / "odwn-synonyms.tsv"
    odwn.write_text("leraar\tdocent\tSchoolmeester\tleraar in opleiding\n"
                    "jurist\tadvocaat\n"
                    "xyzzy\tqwerty\n", encoding="utf-8")
    out = tmp_path / "nl_related.tsv"
    assert lexicon_module.build_related(odwn, out, lexicon=lex) == 2  # unknown words and phrases left out
    text = out.read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in text and "Schoolmeester" not in text and "xyzzy" not in text
    fresh = Lexicon(["leraar", "docent", "jurist", "advocaat"], related=out)
    assert lex.units("docent")[0] in fresh.related(lex.units("leraar")[0])
    assert fresh.related(lex.units("advocaat")[0]) == (lex.units("jurist")[0],)


@pytest.mark.parametrize("words, key", [
    (("notulist", "notuleren", "notulen"), "notul"), (("analist", "analyseren", "analyse", "analyses"), "anal"),
    (("redacteur", "redactie", "redigeren"), "redig"), (("beheerder", "beheer", "beheren"), "beher"),
    (("adviseur", "advies", "adviseren", "advisering"), "advis"), (("planner", "plannen", "planning"), "plan"),
    (("bouwer", "bouwen", "bouw"), "bouw"), (("begeleider", "begeleiden", "begeleiding"), "begeleid"),
])
def test_a_word_family_shares_one_key(words, key):
    assert {family(word) for word in words} == {key}


def test_family_leaves_short_and_listed_words_alone():
    assert family("wet") is None and family("beleid") is None and family("gegevens") is None
    assert family("proces") == family("processen") and family("beheer") != family("beheksen")


def test_a_family_member_joins_its_words_synonym_set(lex):
    # "notuleren" is in a set (~ minute taking); "notulen", of its family, shares that set
    shared = features(lex, "notulen") & features(lex, "minute taking")
    assert any(f.startswith("=") for f in shared)


def test_names_stay_whole_and_are_known(lex):
    for name in ("Zwitsers", "Zweeds", "Gronings"):
        assert len(lex.split(fold(name))) == 1 and lex.known(name), name
    assert lex.units("Zwitsers") != lex.units("Zweeds")
