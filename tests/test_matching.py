"""The pure matcher: normalising terms, scoring has above wants, the incremental index."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from bot.lexicon import Lexicon
from bot.terms import containment, other_known_word
from bot.matching import (
    PARTIAL_SHARE,
    SIM_CUTOFF,
    TITLE_WEIGHT,
    WANT_WEIGHT,
    Candidate,
    Hit,
    Match,
    Matcher,
    compact,
    fold,
    rank,
    recognise,
    similarity,
    split_terms,
)


def ids(matches: list[Match]) -> list[int]:
    return [m.id for m in matches]


# --- normalisation -----------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("PowerBI", "Power BI"), ("Power-BI", "power bi"), ("data analyse", "data-analyse"), ("Data-Analyse", "dataanalyse"),
    ("Financiën", "financien"), ("Économie", "economie"), ("SQL", "sql"), ("  Excel  ", "excel"), ("Power_BI", "power bi"),
    ("Straße", "strasse"),
])
def test_normalisation_makes_spellings_equal(a, b):
    assert compact(a) == compact(b)
    assert similarity(a, b) == 100.0


def test_fold_and_compact():
    assert fold("  Data-Analyse,  Power BI!  ") == "data analyse power bi"
    assert fold("Financiën & Économie") == "financien economie"
    assert fold("C++ / C#") == "c++ c#"
    assert compact("Power-BI") == "powerbi"
    assert fold("") == compact("") == ""
    assert compact("!!! ---") == ""


def test_similarity_edges():
    assert similarity("", "SQL") == similarity("SQL", "") == similarity("--", "--") == 0.0
    assert similarity("Java", "JavaScript") < SIM_CUTOFF
    assert similarity("SQL", "SQL Server") >= SIM_CUTOFF  # a term inside a longer one
    assert similarity("Power BI", "Power BI dashboards") >= SIM_CUTOFF
    assert similarity("R", "R programmeren") < SIM_CUTOFF  # one letter is too little to go on


@pytest.mark.parametrize("typo, term", [
    ("Pyhton", "Python"), ("Exel", "Excel"), ("Powr BI", "Power BI"), ("projectmanagment", "projectmanagement"),
    ("stakeholder management", "stakeholdermanagement"), ("data analysis", "data-analyse"),
    ("informatiebeveliging", "informatiebeveiliging"),
])
def test_typos_still_match(typo, term):
    assert similarity(typo, term) >= SIM_CUTOFF
    found = rank([typo], [Candidate(1, [term]), Candidate(2, ["Gespreksleiding"])], min_score=PARTIAL_SHARE)
    assert ids(found) == [1]
    assert found[0].hits[0].matched == term and found[0].hits[0].kind == "has"


@pytest.mark.parametrize("asked, held", [
    ("Python", "Excel"), ("Java", "JavaScript"), ("juridisch advies", "financieel advies"), ("GIS", "AVG"),
    ("beleid", "beleidsadvies"), ("Scrum", "Lean"), ("Wmo", "Jeugdwet"), ("archiefbeheer", "projectleiding"),
    ("data-analyse", "data-engineering"),
])
def test_unrelated_skills_do_not_match(asked, held):
    """They may share a part ("advies") and then rank, as a partial match, far below any
    match and any invitation floor, without a reason shown."""
    assert similarity(asked, held) < SIM_CUTOFF
    assert all(m.score < PARTIAL_SHARE and not m.hits for m in rank([asked], [Candidate(1, [held], [held], "")]))


def test_a_partial_match_ranks_between_a_match_and_nothing_and_is_never_invited():
    from bot.settings import Settings

    people = [Candidate(1, ["juridisch advies"]), Candidate(2, ["financieel advies"]), Candidate(3, ["Excel"])]
    found = rank(["juridisch advies"], people)
    assert ids(found) == [1, 2] and found[0].score == 1.0 and 0 < found[1].score < PARTIAL_SHARE
    assert found[1].hits == []  # a partial match is no reason to ask someone
    # the invitation floor, halved for people who like surprises, is above any partial match
    assert SIM_CUTOFF / 100 * PARTIAL_SHARE < PARTIAL_SHARE <= Settings.min_match_score / 2


# --- Dutch: compounds, word forms, synonyms, abbreviations ------------------------------

@pytest.mark.parametrize("asked, held", [
    ("beleidsmedewerker", "medewerker beleid"), ("jeugdzorgconsulent", "consulent jeugdzorg"),
    ("Beleidsmedewerkster", "beleidsmedewerker"), ("data-analisten", "data analist"),
    ("inkoop", "procurement"), ("projectleiding", "projectmanagement"), ("AVG", "GDPR"),
    ("Wmo", "Wet maatschappelijke ondersteuning"), ("BI", "business intelligence"), ("ICT", "IT"),
    ("informatiebeveiliging", "information security"), ("beleidsadvies", "policy advice"),
])
def test_dutch_forms_synonyms_and_abbreviations_match(asked, held):
    assert similarity(asked, held) >= SIM_CUTOFF
    found = rank([asked], [Candidate(1, [held]), Candidate(2, ["Gespreksleiding", "Excel"])], min_score=PARTIAL_SHARE)
    assert ids(found) == [1] and found[0].hits[0].matched == held


def test_the_exact_wording_ranks_above_a_synonym_or_another_order():
    people = [Candidate(1, ["procurement"]), Candidate(2, ["inkoop"]), Candidate(3, ["medewerker beleid"]),
              Candidate(4, ["beleidsmedewerker"])]
    assert ids(rank(["inkoop"], people)) == [2, 1]
    assert ids(rank(["beleidsmedewerker"], people))[:2] == [4, 3]
    exact, reordered = rank(["beleidsmedewerker"], people)[:2]
    assert exact.score == 1.0 and SIM_CUTOFF / 100 <= reordered.score < 1.0


def test_known_words_spelled_alike_are_not_typos_of_each_other():
    assert similarity("kistenmaker", "kastenmaker") < SIM_CUTOFF
    assert similarity("Pyhton", "Python") >= SIM_CUTOFF  # an unknown word: a typo


def test_a_title_by_meaning_counts_and_the_closest_first():
    people = [Candidate(1, title="Beleidsadviseur"), Candidate(2, title="beleidsmedewerkster"),
              Candidate(3, title="Medewerker beleid"), Candidate(4, title="Kastenmaker"), Candidate(5, title="Jurist")]
    found = rank([], people, title="Beleidsmedewerker", limit=None)
    assert ids(found)[:2] == [2, 3] and 1 in ids(found) and 4 not in ids(found) and 5 not in ids(found)
    assert found[0].hits[0] == Hit("Beleidsmedewerker", "beleidsmedewerkster", "title", found[0].hits[0].sim)


def test_a_rare_word_part_weighs_more_than_a_common_one():
    """Among many *medewerker* titles, sharing "subsidie" says more than sharing "medewerker"."""
    people = [Candidate(i, title=f"medewerker {word}") for i, word in enumerate(
        ["post", "receptie", "financien", "inkoop", "planning", "communicatie"], start=10)]
    people += [Candidate(1, title="subsidiemedewerker"), Candidate(2, title="specialist subsidie"),
               Candidate(3, title="medewerker documentatie")]
    found = ids(rank([], people, title="medewerker subsidie", limit=3))
    assert found[:2] == [1, 2]


def test_an_admins_synonyms_reach_an_existing_index(tmp_path):
    from bot.lexicon import load, read_synonyms

    lex = load()
    matcher = Matcher(lexicon=lex)
    matcher.upsert(Candidate(1, ["klusser"]))
    assert matcher.rank(["flexwerker"]) == []
    extra = tmp_path / "ours.tsv"
    extra.write_text("flexwerker\tklusser\n", encoding="utf-8")
    lex.add_synonyms(read_synonyms(extra))
    assert ids(matcher.rank(["flexwerker"])) == [1]


# --- scoring -----------------------------------------------------------------------------

def test_has_weighs_above_want_to_learn():
    people = [Candidate(1, wants=["Power BI", "SQL"]), Candidate(2, skills=["Power BI", "SQL"])]
    found = rank(["PowerBI", "sql"], people)
    assert ids(found) == [2, 1]
    has, stretch = found
    assert has.score == 1.0
    assert stretch.score == WANT_WEIGHT
    assert [h.kind for h in has.hits] == ["has", "has"] and has.wants == []
    assert [h.kind for h in stretch.hits] == ["wants", "wants"] and stretch.has == []
    assert stretch.wants[0] == Hit("PowerBI", "Power BI", "wants", 100.0)


def test_has_and_wants_mix_per_asked_skill():
    found = rank(["Python", "SQL"], [Candidate(1, skills=["Python"], wants=["SQL"])])
    assert found[0].score == pytest.approx((1.0 + WANT_WEIGHT) / 2)
    assert [(h.asked, h.kind) for h in found[0].hits] == [("Python", "has"), ("SQL", "wants")]
    assert [h.matched for h in found[0].has] == ["Python"] and [h.matched for h in found[0].wants] == ["SQL"]


def test_knowing_a_skill_beats_wanting_it_too():
    found = rank(["SQL"], [Candidate(1, skills=["SQL"], wants=["SQL"])])
    assert found[0].score == 1.0 and [h.kind for h in found[0].hits] == ["has"]


def test_every_asked_skill_weighs_the_same_and_a_repeat_counts_once():
    people = [Candidate(1, ["SQL"]), Candidate(2, ["Python"])]
    found = rank(["SQL", "sql", "S.Q.L.", "Python"], people)
    assert [m.score for m in found] == [0.5, 0.5]
    assert len(found[0].hits) == 1


def test_similarity_scales_the_score():
    found = rank(["Pyhton"], [Candidate(1, ["Python"])])
    assert found[0].score == pytest.approx(round(similarity("Pyhton", "Python") / 100, 4))


def test_title_adds_a_little_and_alone_counts_fully():
    people = [Candidate(1, ["SQL"], title="Data-analist"), Candidate(2, ["SQL"], title="Jurist")]
    found = rank(["SQL"], people, title="data analist")
    assert ids(found) == [1, 2]
    assert found[0].score == pytest.approx(1.0 + TITLE_WEIGHT)
    assert found[0].hits[-1] == Hit("data analist", "Data-analist", "title", 100.0)
    only_title = rank([], people, title="Data-analist")
    assert ids(only_title) == [1] and only_title[0].score == 1.0


def test_nothing_asked_nothing_found():
    people = [Candidate(1, ["SQL"], title="Jurist")]
    assert rank([], people) == []
    assert rank(["", "  ", "--"], people, title=" ") == []
    assert rank(["SQL"], []) == []


def test_min_score():
    people = [Candidate(1, ["SQL", "Python"]), Candidate(2, ["SQL"]), Candidate(3, wants=["SQL"])]
    assert ids(rank(["SQL", "Python"], people, min_score=0.5)) == [1, 2]
    assert ids(rank(["SQL", "Python"], people, min_score=0.0)) == [1, 2, 3]
    assert rank(["SQL", "Python"], people, min_score=2) == []


def test_explanation_shows_the_persons_own_spelling():
    found = rank(["power bi"], [Candidate(1, ["POWERBI"]), Candidate(2, ["Power-BI"])])
    assert [h.matched for m in found for h in m.hits] == ["POWERBI", "Power-BI"]


def test_a_term_inside_a_longer_one_matches_whatever_the_spelling_order():
    """"Power BI dashboards" is found for PowerBI too, once someone spelled it with a space."""
    pool = [Candidate(1, ["PowerBI"]), Candidate(2, ["Power BI"]), Candidate(3, ["Power BI dashboards"])]
    for order in (pool, pool[::-1], [pool[1], pool[0], pool[2]]):
        for asked in ("PowerBI", "Power BI", "power-bi"):
            assert ids(rank([asked], order)) == [1, 2, 3]
        assert ids(rank(["Power BI dashboards"], order)) == [3, 1, 2]


def test_a_single_string_of_skills_is_read_as_a_list():
    assert ids(rank("SQL, Python", [Candidate(1, "Python"), Candidate(2, ["SQL", "Python"])])) == [2, 1]


# --- the index ---------------------------------------------------------------------------

def test_allowed_restricts_the_ranking():
    matcher = Matcher()
    for i in range(1, 6):
        matcher.upsert(Candidate(i, ["SQL"]))
    assert ids(matcher.rank(["SQL"], allowed={2, 4, 99})) == [2, 4]
    assert ids(matcher.rank(["SQL"], allowed=[])) == []
    assert ids(matcher.rank(["SQL"], allowed=iter([5]))) == [5]
    assert ids(matcher.rank(["SQL"], allowed=None)) == [1, 2, 3, 4, 5]


def test_upsert_of_an_edited_profile_changes_the_next_ranking():
    matcher = Matcher()
    matcher.upsert(Candidate(1, ["Python"]))
    matcher.upsert(Candidate(2, ["SQL"], wants=["Python"]))
    assert ids(matcher.rank(["Python"])) == [1, 2]
    matcher.upsert(Candidate(1, ["Excel"]))  # 1 no longer lists Python
    matcher.upsert(Candidate(2, ["SQL", "Python"]))  # 2 learned it
    found = matcher.rank(["Python"])
    assert ids(found) == [2] and found[0].hits[0].kind == "has"
    matcher.upsert(Candidate(3, ["Pyhton"]))  # a new term, a new person
    assert ids(matcher.rank(["Python"])) == [2, 3]
    assert ids(matcher.rank(["Excel"])) == [1]
    assert len(matcher) == 3


def test_upsert_same_profile_twice_changes_nothing():
    matcher = Matcher()
    person = Candidate(1, ["SQL", "sql", "Python"], ["SQL"], "Jurist")
    matcher.upsert(person)
    first = matcher.rank(["SQL"], title="jurist")
    matcher.upsert(person)
    assert matcher.rank(["SQL"], title="jurist") == first and len(matcher) == 1


def test_remove():
    matcher = Matcher()
    for i in (1, 2, 3):
        matcher.upsert(Candidate(i, ["SQL"], title="Jurist"))
    matcher.remove(2)
    matcher.remove(2)  # twice is fine
    matcher.remove(42)  # unknown is fine
    assert ids(matcher.rank(["SQL"])) == [1, 3]
    assert ids(matcher.rank([], title="jurist")) == [1, 3]
    assert ids(matcher.rank(["SQL"], allowed={2})) == []
    assert 2 not in matcher and len(matcher) == 2
    matcher.upsert(Candidate(2, ["Python"]))  # back, with another profile
    assert ids(matcher.rank(["SQL"])) == [1, 3] and ids(matcher.rank(["Python"])) == [2]
    for i in (1, 2, 3):
        matcher.remove(i)
    assert matcher.rank(["SQL"]) == [] and len(matcher) == 0


def test_limit():
    matcher = Matcher()
    for i in range(1, 51):
        matcher.upsert(Candidate(i, ["SQL"] if i % 2 else ["SQL", "Python"]))
    assert len(matcher.rank(["SQL", "Python"], limit=10)) == 10
    assert ids(matcher.rank(["SQL", "Python"], limit=3)) == [2, 4, 6]
    assert len(matcher.rank(["SQL", "Python"], limit=None)) == 50
    assert len(matcher.rank(["SQL", "Python"], limit=1000)) == 50
    assert matcher.rank(["SQL"], limit=0) == [] and matcher.rank(["SQL"], limit=-1) == []


def test_ties_are_ordered_by_id_also_at_the_cut():
    people = [Candidate(i, ["SQL"]) for i in range(1, 201)]
    for seed in range(5):
        random.Random(seed).shuffle(people)
        matcher = Matcher()
        for person in people:
            matcher.upsert(person)
        assert ids(matcher.rank(["SQL"], limit=5)) == [1, 2, 3, 4, 5]
        assert ids(matcher.rank(["SQL"], limit=None)) == list(range(1, 201))


def test_equal_scores_by_different_routes_are_a_tie():
    """1/3 + 1/6 + 1/2 in one order or another: the same score, so the lower id first."""
    asked = ["SQL", "Python", "Excel"]
    people = [Candidate(9, ["SQL", "Excel"], ["Python"]), Candidate(3, ["Python", "Excel"], ["SQL"]),
              Candidate(5, ["SQL", "Python"], ["Excel"])]
    found = rank(asked, people)
    assert len({m.score for m in found}) == 1
    assert ids(found) == [3, 5, 9]


def test_ranking_does_not_depend_on_insertion_order_or_history():
    rng = random.Random(7)
    terms = ["Python", "python", "Pyhton", "SQL", "SQL Server", "Power BI", "PowerBI", "power bi dashboards",
             "data-analyse", "data analyse", "Excel", "Exel", "beleidsadvies", "Jeugdwet", "Wmo"]
    people = [Candidate(i, rng.sample(terms, 3), rng.sample(terms, 1), rng.choice(["Jurist", "Data-analist", ""]))
              for i in range(1, 80)]
    queries = [(["PowerBI", "sql"], "data analist"), (["Python"], ""), (["data analyse", "Excel"], "jurist")]

    def answers(pool):
        matcher = Matcher()
        for person in pool:
            matcher.upsert(person)
        return [[(m.id, m.score, [(h.asked, h.kind, h.sim) for h in m.hits]) for m in matcher.rank(s, title=t)]
                for s, t in queries]

    expected = answers(people)
    for _ in range(3):
        rng.shuffle(people)
        assert answers(people) == expected
    matcher = Matcher()  # asked in another order: the same answers (no stale cache)
    for person in people:
        matcher.upsert(person)
    backwards = [matcher.rank(s, title=t) for s, t in reversed(queries)][::-1]
    assert [[m.id for m in r] for r in backwards] == [[m[0] for m in r] for r in expected]


def test_results_do_not_depend_on_the_size_of_the_vocabulary():
    matcher = Matcher()
    matcher.upsert(Candidate(1, ["SQL Server"]))
    small = matcher.rank(["SQL"])
    for i in range(2, 6002):
        matcher.upsert(Candidate(i, [f"specialisme {i}"]))
    assert matcher.rank(["SQL"]) == small and ids(small) == [1]


def test_word_index_finds_what_a_full_scan_finds():
    """The spelling view of `similar` (keys + word index for one term inside another)
    against a plain loop over every term (with a lexicon that knows no words, so no
    spelling is set aside as another word)."""
    rng = random.Random(3)
    words = ["data", "analyse", "power", "bi", "sql", "server", "beleid", "advies", "juridisch", "project",
             "management", "leiding", "jeugd", "zorg", "wmo", "python", "analyse", "analist", "dasboard"]
    matcher = Matcher(Lexicon(parts=()))
    terms = set()
    for i in range(400):
        term = " ".join(rng.sample(words, rng.randint(1, 3)))
        if rng.random() < 0.3:
            term = term.replace(" ", "")
        terms.add(term)
        matcher.upsert(Candidate(i, [term]))
    vocab = matcher.has
    for query in ["data analyse", "dataanalyse", "power bi", "sql", "analyse data", "projectleiding", "jeugdzorg wmo",
                  "juridisch", "analist data power"]:
        folded = fold(query)
        got = vocab._by_spelling(folded, compact(query), vocab.by_key.get(compact(query)), SIM_CUTOFF)
        expected = {}
        for tid, key in enumerate(vocab.keys):
            spellings = vocab._spellings[tid]
            queries = {fold(query), *(vocab._spellings[vocab.by_key[compact(query)]] if compact(query) in vocab.by_key
                                     else ())}
            ratio = fuzz.ratio(compact(query), key)
            if ratio < 95 and other_known_word(folded, spellings[0], matcher.lexicon):
                ratio = 0.0  # a word of one has no near spelling in the other: not a typo
            sims = [100.0 if key == compact(query) else ratio]
            for q in queries:
                for s in spellings:
                    sims.append(containment(q, s))
            if max(sims) >= SIM_CUTOFF:
                expected[tid] = max(sims)
        assert got.keys() == expected.keys(), query
        assert all(got[t] == pytest.approx(expected[t]) for t in got)


def test_odd_candidates_do_not_break_the_index():
    matcher = Matcher()
    matcher.upsert(Candidate(1, ["", "  ", "!!!", "SQL"], [None, "Python"], None))  # type: ignore[list-item]
    matcher.upsert(Candidate(2, "SQL; Excel", "", "Jurist"))  # type: ignore[arg-type]
    matcher.upsert(Candidate(3))
    assert ids(matcher.rank(["SQL"])) == [1, 2]
    assert ids(matcher.rank(["Python"])) == [1]
    assert ids(matcher.rank(["SQL"], title="Jurist")) == [2, 1]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.lists(st.text(max_size=12), max_size=5),
                          st.lists(st.text(max_size=12), max_size=3), st.text(max_size=12)), max_size=30),
       st.lists(st.text(max_size=12), max_size=5), st.text(max_size=12), st.one_of(st.none(), st.integers(-1, 10)))
def test_rank_never_raises_and_is_sorted(people, asked, title, limit):
    matcher = Matcher()
    for pid, skills, wants, job in people:
        matcher.upsert(Candidate(pid, skills, wants, job))
    found = matcher.rank(asked, title=title, limit=limit)
    keys = [(-m.score, m.id) for m in found]
    assert keys == sorted(keys) and len(set(ids(found))) == len(found)
    assert limit is None or len(found) <= max(limit, 0)
    assert all(m.score > 0 and (m.hits or m.score < PARTIAL_SHARE) for m in found)  # a partial match: no reason


# --- recognise and split_terms ------------------------------------------------------------

KNOWN = ["Power BI", "SQL", "Python", "jeugdzorg", "data-analyse", "R", "Wmo", "projectmanagement", "AVG"]


def test_recognise_finds_known_terms_in_order_of_appearance():
    text = "Dashboard jeugdzorg: we zoeken iemand met PowerBI en sql, data analyse is fijn"
    assert recognise(text, KNOWN) == ["jeugdzorg", "Power BI", "SQL", "data-analyse"]


def test_recognise_forgives_typos_only_in_longer_terms():
    assert recognise("ervaring met Pythn en projectmanagment", KNOWN) == ["Python", "projectmanagement"]
    assert recognise("ervaring met Pyhton", KNOWN) == []  # free text is stricter than profiles: 90, not 80
    assert recognise("ervaring met SLQ", KNOWN) == []


def test_recognise_ignores_one_letter_terms_and_unknown_words():
    assert recognise("R is een taal, net als Java", KNOWN) == []
    assert recognise("", KNOWN) == [] and recognise("SQL", []) == [] and recognise("SQL", ["", "!"]) == []


def test_recognise_prefers_the_longest_span():
    assert recognise("kennis van Power BI dashboards", ["Power", "Power BI"]) == ["Power BI"]


def test_recognise_each_term_once_with_its_known_spelling():
    assert recognise("SQL, sql en nog eens S.Q.L.", ["SQL"]) == ["SQL"]
    assert recognise("avg en AVG", ["avg", "AVG"]) == ["avg"]


def test_split_terms():
    assert split_terms("Python, SQL; Power BI / Excel\nR") == ["Python", "SQL", "Power BI", "Excel", "R"]
    assert split_terms("Jeugdwet en Wmo and Lean & Agile") == ["Jeugdwet", "Wmo", "Lean", "Agile"]
    assert split_terms("Jeugdwet EN Wmo And Lean") == ["Jeugdwet", "Wmo", "Lean"]
    assert split_terms("• Power BI.\n- Excel\r\n* SQL") == ["Power BI", "Excel", "SQL"]
    assert split_terms("Python, python, PYTHON, Py-thon") == ["Python"]
    assert split_terms("R&D, C++, C#") == ["R&D", "C++", "C#"]
    assert split_terms("data-analyse") == ["data-analyse"]
    assert split_terms("Energie") == ["Energie"]  # 'en' inside a word is not a separator
    assert split_terms("") == split_terms(None) == split_terms(" , ;; / ") == []  # type: ignore[arg-type]


def test_scores_are_those_of_the_full_ranking():
    """`scores` (what a matching round uses) gives exactly `rank(limit=None)`'s scores."""
    rng = random.Random(3)
    words = ["SQL", "Python", "Excel", "beleidsadvies", "projectleider", "Wmo", "AVG", "communicatie"]
    matcher = Matcher()
    for i in range(1, 120):
        matcher.upsert(Candidate(i, rng.sample(words, 3), rng.sample(words, 1), rng.choice(["adviseur", ""])))
    matcher.remove(7)
    for asked, title in ((["SQL", "Python"], ""), (["beleidsadviseur"], "adviseur"), ([], "adviseur"), ([], "")):
        assert matcher.scores(asked, title=title) == {m.id: m.score for m in matcher.rank(asked, title=title, limit=None)}
    assert set(matcher.scores(["SQL"], allowed=[1, 2, 3, 7])) <= {1, 2, 3}
    assert all(s >= 0.5 for s in matcher.scores(["SQL", "Python"], min_score=0.5).values())
    everyone = matcher.scores(["SQL", "Python"])
    low = [pid for pid, score in everyone.items() if score < 0.5][:3]
    kept = matcher.scores(["SQL", "Python"], min_score=0.5, keep=low + [7, 999])  # (7 removed, 999 unknown)
    assert low and kept == {pid: score for pid, score in everyone.items() if score >= 0.5 or pid in low}
    assert Matcher().scores(["SQL"]) == {}


def test_a_limited_ranking_is_the_head_of_the_full_one_whatever_ran_before():
    """The top `limit` (found by counting scores, in buffers shared between rankings) is the
    head of the full ranking, also after other rankings, with min_score or allowed, and
    when several threads rank at once (each then gets the same answer as alone)."""
    import threading

    rng = random.Random(11)
    words = ["SQL", "Python", "Excel", "beleidsadvies", "projectleider", "Wmo", "AVG", "communicatie", "Pyhton"]
    matcher = Matcher()
    for i in range(1, 400):
        matcher.upsert(Candidate(i, rng.sample(words, rng.randint(1, 4)), rng.sample(words, 1),
                                 rng.choice(["adviseur", "jurist", ""])))
    queries = [(["SQL", "Python"], ""), (["beleidsadviseur", "Wmo"], "adviseur"), ([], "jurist"), (["AVG"], "")]

    def answer(asked, title, **kw):
        return [(m.id, m.score) for m in matcher.rank(asked, title=title, explain=False, **kw)]

    full = {(tuple(asked), title): answer(asked, title, limit=None) for asked, title in queries}
    for (asked, title), ranked in full.items():
        for limit in (1, 5, 17, 60):
            assert answer(list(asked), title, limit=limit) == ranked[:limit]
        assert answer(list(asked), title, limit=10, min_score=0.4) == [r for r in ranked if r[1] >= 0.4][:10]
        allowed = set(range(1, 400, 3))
        assert answer(list(asked), title, limit=10, allowed=allowed) == [r for r in ranked if r[0] in allowed][:10]
    errors = []

    def work():
        for _ in range(20):
            for (asked, title), ranked in full.items():
                if answer(list(asked), title, limit=25) != ranked[:25]:
                    errors.append((asked, title))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors


def test_a_loosely_related_word_finds_a_title_below_the_same_word():
    # Open Dutch WordNet: a jurist is related to an advocaat (not a synonym: it counts a little)
    matcher = Matcher()
    for i, title in enumerate(["advocaat", "jurist", "bakker"]):
        matcher.upsert(Candidate(i, title=title))
    ranked = [(m.id, m.score) for m in matcher.rank([], title="jurist", title_cutoff=20)]
    assert ranked[0] == (1, 1.0) and ranked[1][0] == 0 and ranked[1][1] < 0.5 and len(ranked) == 2
    assert [m.id for m in matcher.rank([], title="jurist")] == [1]  # below the default title cutoff


def test_related_words_are_added_both_ways_and_count_fully_only_for_job_titles():
    lex = Lexicon(["griffier", "secretaris", "raad"])
    assert lex.add_related([["griffier", "secretaris", "twee woorden"]]) == 2
    assert lex.related("secretaris") == ("griffier",) and lex.related("griffier") == ("secretaris",)
    matcher = Matcher(lexicon=lex)
    matcher.upsert(Candidate(1, skills=["secretaris"], title="secretaris"))
    assert [m.id for m in matcher.rank([], title="griffier", title_cutoff=20)] == [1]
    # a skill's related word is a partial match at most
    assert all(m.score < PARTIAL_SHARE and not m.hits for m in matcher.rank(["griffier"]))


def test_a_word_that_only_grades_a_job_weighs_little():
    matcher = Matcher()
    for i, title in enumerate(["adviseur huisvesting", "ervaren adviseur", "gediplomeerd adviseur"], start=1):
        matcher.upsert(Candidate(i, title=title))
    assert [m.id for m in matcher.rank([], title="adviseur", title_cutoff=0)] == [2, 3, 1]


def test_a_compound_in_a_synonym_set_still_shares_its_parts():
    """"informatiebeveiliging" is in a set as a whole (~ information security) and still a
    beveiliging, like a netwerkbeveiliging."""
    people = [Candidate(1, title="informatiebeveiliging"), Candidate(2, title="netwerkbeveiliging"),
              Candidate(3, title="information security"), Candidate(4, title="bakker")]
    found = rank([], people, title="beveiliging", limit=None)
    assert sorted(ids(found)) == [1, 2] and abs(found[0].score - found[1].score) < 0.1
    assert ids(rank([], people, title="informatiebeveiliging", limit=None))[:2] == [1, 3]  # the set still counts first
    assert similarity("beveiliging", "informatiebeveiliging") > 60
    assert similarity("informatiebeveiliging", "information security") > 90


def test_a_title_spelled_partly_alike_counts_a_little():
    """No word part in common, but a stem: letter n-grams find it, below the title cutoff by default."""
    matcher = Matcher()
    for i, title in enumerate(["statisticus", "bakker", "jurist", "Statistiek medewerker"], start=1):
        matcher.upsert(Candidate(i, title=title))
    matcher.remove(4)
    found = matcher.rank([], title="statistiek medewerker", title_cutoff=20)
    assert [m.id for m in found] == [1] and 0.2 < found[0].score < 0.5
    assert matcher.rank([], title="statistiek medewerker") == []
    assert matcher.rank(["statistiek medewerker"]) == []  # skills: not by letters


def test_letters_count_for_a_title_alone_not_beside_skills():
    matcher = Matcher()
    matcher.upsert(Candidate(1, skills=["Excel"], title="statisticus"))
    matcher.upsert(Candidate(2, skills=["Excel"], title="bakker"))
    assert [m.id for m in matcher.rank([], title="statistiek medewerker", title_cutoff=20)] == [1]
    both = matcher.rank(["Excel"], title="statistiek medewerker", title_cutoff=20)
    assert [m.score for m in both] == [1.0, 1.0]  # the title adds nothing by letters alone


def test_a_title_alone_borrows_the_common_parts_of_its_best_matches(monkeypatch):
    """Pseudo-relevance feedback: "bestuur", common among the best titles for "secretaris", finds a
    "bestuursmedewerker" too, below every secretaris; not without feedback, and not beside skills."""
    import bot.vocabulary as vocabulary

    def ranked(**kw):
        matcher = Matcher()
        for i, title in enumerate(["secretaris", "secretaris bestuur", "secretaris van een bestuur",
                                   "bestuursmedewerker", "bakker"], 1):
            matcher.upsert(Candidate(i, ["SQL"], title=title))
        return ids(matcher.rank(kw.pop("skills", []), title="secretaris", limit=None, title_cutoff=20, **kw))

    assert ranked() == [1, 2, 3, 4]
    assert ranked(skills=["SQL"]) == [1, 2, 3, 4, 5]  # 4 and 5 tie on the skill alone: by id
    monkeypatch.setattr(vocabulary, "TITLE_FEEDBACK_DOCS", 0)
    assert ranked() == [1, 2, 3]


# --- Dutch word formation, names, partial matches ------------------------------------------

@pytest.mark.parametrize("family", [
    ("notulist", "notuleren", "notulen"), ("analist", "analyseren", "analyse"),
    ("redacteur", "redactie", "redigeren"), ("beheerder", "beheer", "beheren"), ("adviseur", "advies", "adviseren"),
    ("ontwikkelaar", "ontwikkelen", "ontwikkeling"), ("programmeur", "programmeren", "programmering"),
])
def test_a_person_an_activity_and_its_object_are_one_family(family):
    for a in family:
        for b in family:
            assert similarity(a, b) >= SIM_CUTOFF, (a, b)
    assert similarity(family[0], "gespreksleiding") < SIM_CUTOFF


@pytest.mark.parametrize("asked, held", [
    ("archief beheren", "beheer van archieven"),  # a verb for the noun, another order, function words
    ("klachten afhandelen", "afhandeling van klachten"),
    ("subsidies beoordelen", "beoordeling van subsidieaanvragen"),
])
def test_verb_and_noun_forms_in_a_skill_phrase_match(asked, held):
    assert similarity(asked, held) >= SIM_CUTOFF - 5
    assert ids(rank([asked], [Candidate(1, ["Excel"]), Candidate(2, [held])])) == [2]


@pytest.mark.parametrize("a, b", [("Zweeds spreken", "Zwitsers spreken"), ("Noors", "Moors"),
                                  ("Gronings", "Groenlands"), ("Brabants schrijven", "Braziliaans schrijven")])
def test_names_the_lexicon_knows_are_never_typos_of_each_other(a, b):
    assert similarity(a, b) < SIM_CUTOFF
    assert all(m.score < PARTIAL_SHARE for m in rank([a], [Candidate(1, [b])]))
    assert similarity("Pyhton programmeren", "Python programmeren") >= SIM_CUTOFF  # an unknown word: a typo


def test_a_klus_with_only_a_title_finds_the_skill_it_names():
    """The demo's klus titled "Notulist" finds the Secretaris who lists "notuleren"."""
    people = [Candidate(1, ["notuleren", "secretariaat"], title="Secretaris"),
              Candidate(2, ["Excel"], title="Controller")]
    found = rank([], people, title="Notulist")
    assert ids(found) == [1] and found[0].score >= SIM_CUTOFF / 100
    assert Hit("Notulist", "notuleren", "has", found[0].hits[0].sim) in found[0].hits
