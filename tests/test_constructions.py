"""Constructions from the issue, text -> expected claims (source, cue, content, type).

Modelled on textacy's test_triples: each case lists every claim the text must give, in text
order; negative cases (apostrophes, scare quotes, titles, "said" as an adjective) must give
none. Known misses are marked xfail(strict=True) so that a fix shows up.
"""

from __future__ import annotations

import pytest

# (source, cue, content, type); a content given as a tuple is the text of each fragment
PARTICIPLE_CASE = "Naseri predicted that neither candidate would win a majority, forcing a run-off."
CASES = [
    # direct quotes, speaker after, before, in the middle
    (
        "“We will not back down,” said Okoro.",
        [("Okoro", "said", "“We will not back down,”", "direct")],
    ),
    (
        "“We will not back down,” Okoro said.",
        [("Okoro", "said", "“We will not back down,”", "direct")],
    ),
    (
        "Okoro said: “We will not back down.”",
        [("Okoro", "said", "“We will not back down.”", "direct")],
    ),
    (
        "“The numbers do not add up,” she told reporters.",
        [("she", "told", "“The numbers do not add up,”", "direct")],
    ),
    (
        '"We will not back down," said Ada Okoro, the union leader.',
        [("Ada Okoro, the union leader", "said", '"We will not back down,"', "direct")],
    ),
    (
        "''I'll probably still go with the mayor,'' said Courtney Johnson, a nurse.",
        [
            (
                "Courtney Johnson, a nurse",
                "said",
                "''I'll probably still go with the mayor,''",
                "direct",
            )
        ],
    ),
    # split quotes are one claim with fragments
    (
        "“The plan is dead,” she said, “and everyone in this building knows it.”",
        [
            (
                "she",
                "said",
                ("“The plan is dead,”", "“and everyone in this building knows it.”"),
                "direct",
            )
        ],
    ),
    (
        "“We tried everything,” Marek said. “Nobody wanted to listen. Now they will.”",
        [
            (
                "Marek",
                "said",
                ("“We tried everything,”", "“Nobody wanted to listen. Now they will.”"),
                "direct",
            )
        ],
    ),
    # a quote over several paragraphs
    (
        "Okoro said:\n\n“The port is losing money.\n\n“Nobody disputes that.\n\n"
        "“We will stay out.”",
        [
            (
                "Okoro",
                "said",
                "“The port is losing money.\n\n“Nobody disputes that.\n\n“We will stay out.”",
                "direct",
            )
        ],
    ),
    # a cue-less quote paragraph continues the previous speaker's quote
    (
        "“We have looked at every alternative,” Balogun said.\n\n“None of them kept the schools "
        "open without cutting teachers.”",
        [
            (
                "Balogun",
                "said",
                (
                    "“We have looked at every alternative,”",
                    "“None of them kept the schools open without cutting teachers.”",
                ),
                "direct",
            )
        ],
    ),
    # a quote paragraph after a paragraph that introduces its speaker
    (
        "Finance Minister Ivo Marek was blunt.\n\n“There is no money left for this, and there "
        "will not be any next year either.”",
        [
            (
                "Finance Minister Ivo Marek",
                None,
                "“There is no money left for this, and there will not be any next year either.”",
                "direct",
            )
        ],
    ),
    # indirect speech
    (
        "Patel said the budget was balanced.",
        [("Patel", "said", "the budget was balanced", "indirect")],
    ),
    (
        "The mayor told residents that the water was safe to drink.",
        [("The mayor", "told", "that the water was safe to drink", "indirect")],
    ),
    (
        "The talks had stalled over pensions, two officials said.",
        [("two officials", "said", "The talks had stalled over pensions", "indirect")],
    ),
    (
        "But to avoid delays, she said, the council should start the repairs now.",
        [
            (
                "she",
                "said",
                ("But to avoid delays", "the council should start the repairs now"),
                "indirect",
            )
        ],
    ),
    # mixed: reported speech with quoted fragments
    (
        "Opposition leader Helena Vrba said the plan was “dead on arrival” in the upper house.",
        [
            (
                "Opposition leader Helena Vrba",
                "said",
                "the plan was “dead on arrival” in the upper house",
                "mixed",
            )
        ],
    ),
    # according to, as X said
    (
        "The plant will close in March, according to two people familiar with the talks.",
        [
            (
                "two people familiar with the talks",
                "according to",
                "The plant will close in March",
                "indirect",
            )
        ],
    ),
    (
        "The factory lost money last year, and its owners plan to sell it, according to two "
        "people familiar with the talks.",
        [
            (
                "two people familiar with the talks",
                "according to",
                "The factory lost money last year, and its owners plan to sell it",
                "indirect",
            )
        ],
    ),
    (
        "The minister said the plant would close in March, according to two people at the meeting.",
        [
            (
                "two people at the meeting",
                "according to",
                "The minister said the plant would close in March",
                "indirect",
            ),
            ("The minister", "said", "the plant would close in March", "indirect"),
        ],
    ),
    (
        "The agency reported that, according to its own survey, most farmers had lost money.",
        [
            (
                "The agency",
                "reported",
                "that, according to its own survey, most farmers had lost money",
                "indirect",
            ),
            # stays inside the that-clause, without its complementizer
            ("its own survey", "according to", "most farmers had lost money", "indirect"),
        ],
    ),
    (
        "According to the report, emissions rose by four percent last year.",
        [("the report", "According to", "emissions rose by four percent last year", "indirect")],
    ),
    (
        "As Marek noted, the budget leaves no room for new hospitals.",
        [("Marek", "noted", "the budget leaves no room for new hospitals", "indirect")],
    ),
    (
        "The ministry, in a statement, said the figures were provisional.",
        [("The ministry", "said", "the figures were provisional", "indirect")],
    ),
    # cue verbs beyond say
    (
        "The company denied that it had misled investors.",
        [("The company", "denied", "that it had misled investors", "indirect")],
    ),
    (
        "Critics argued that the merger would raise prices.",
        [("Critics", "argued", "that the merger would raise prices", "indirect")],
    ),
    (
        "The senator warned that the deal could collapse.",
        [("The senator", "warned", "that the deal could collapse", "indirect")],
    ),
    (
        "She admitted that mistakes had been made.",
        [("She", "admitted", "that mistakes had been made", "indirect")],
    ),
    (
        "Opponents called the plan reckless.",
        [("Opponents", "called", "the plan reckless", "indirect")],
    ),
    (
        "Residents fear the river will flood again.",
        [("Residents", "fear", "the river will flood again", "indirect")],
    ),
    (
        "The minister tweeted that the vote would go ahead.",
        [("The minister", "tweeted", "that the vote would go ahead", "indirect")],
    ),
    (
        "Economists at Halden Bank estimated that growth would slow to 1 percent.",
        [
            (
                "Economists at Halden Bank",
                "estimated",
                "that growth would slow to 1 percent",
                "indirect",
            )
        ],
    ),
    (
        "The union accused the company of ignoring safety rules.",
        [("The union", "accused", "the company of ignoring safety rules", "indirect")],
    ),
    # passives and agentless attributions
    (
        "It was reported that the factory had been sold.",
        [(None, "reported", "that the factory had been sold", "indirect")],
    ),
    (
        "Okoro was quoted as saying the deal was done.",
        [("Okoro", "quoted as saying", "the deal was done", "indirect")],
    ),
    (
        "The proposal was rejected by 58 percent of the delegates.",
        [("58 percent of the delegates", "rejected", "The proposal", "indirect")],
    ),
    # a passive of a non-cue verb, or with no agent, is no attribution
    ("The bridge was opened by the mayor in 2019.", []),
    ("The proposal was rejected in a second vote.", []),
    # a noun that takes an infinitive is a claim only for promises, pledges, claims and the like
    (
        "Ms. Okoro ended the meeting with a promise to reopen the pool.",
        [("Ms. Okoro", "promise", "to reopen the pool", "indirect")],
    ),
    ("He has a plan to win the state.", []),
    ("She made a promise to her son.", []),
    # nested attributions give two claims
    (
        "Patel said the governor had told him the plan was off.",
        [
            ("Patel", "said", "the governor had told him the plan was off", "indirect"),
            ("the governor", "told", "the plan was off", "indirect"),
        ],
    ),
    # a restated stance of the same speaker is one claim, not two
    (
        "Dayton said he thinks the vote will be close.",
        [("Dayton", "said", "he thinks the vote will be close", "indirect")],
    ),
    # a noun cue inside a verb's claim, without a source of its own, is no second claim
    (
        "Ada Okoro, a spokeswoman for the port, told the Halden Post in a statement that "
        "the pier was closed.",
        [
            (
                "Ada Okoro, a spokeswoman for the port",
                "told",
                "that the pier was closed",
                "indirect",
            )
        ],
    ),
    (
        "A statement said that the pier was closed.",
        [("A statement", "said", "that the pier was closed", "indirect")],
    ),
    # where the source said it is not the source, with or without commas around it
    (
        "Velden Terminals in a statement said the strike was illegal.",
        [("Velden Terminals", "said", "the strike was illegal", "indirect")],
    ),
    (
        "The tenants in their notice of appeal stated that the rent was unlawful.",
        [("The tenants", "stated", "that the rent was unlawful", "indirect")],
    ),
    (
        "Critics in the hearing room said the ruling was unfair.",
        [("Critics in the hearing room", "said", "the ruling was unfair", "indirect")],
    ),
    # a light verb and its preposition: the verb's subject holds the cue noun after them
    (
        "Lena Marr had known Ivo personally, and came to the conclusion that the claims were "
        "false.",
        [("Lena Marr", "conclusion", "that the claims were false", "indirect")],
    ),
    (
        "The panel arrived at the conclusion that the dam was safe.",
        [("The panel", "conclusion", "that the dam was safe", "indirect")],
    ),
    # a source the parser cut at a hyphen
    (
        "The vice-president said the plan was sound.",
        [("The vice-president", "said", "the plan was sound", "indirect")],
    ),
    # a headline label: a surname the article names elsewhere
    (
        "Bernie Sanders toured Iowa.\n\nSanders: Clinton needs a real plan for steel towns.",
        [("Sanders", ":", "Clinton needs a real plan for steel towns", "indirect")],
    ),
    # a common view with no named source (PolNeAR marks these; stance verbs need a phrase)
    (
        "The actor is best known for his roles in westerns.",
        [(None, "known", ("The actor", "for his roles in westerns"), "indirect")],
    ),
    (
        "The bill seems to have stalled in committee.",
        [(None, "seems", ("The bill", "to have stalled in committee"), "indirect")],
    ),
    (
        "Most donors back the governor’s plan to cut the sales tax.",
        [("Most donors", "back", "the governor’s plan to cut the sales tax", "indirect")],
    ),
    ("Most donors back Okafor.", []),
    # a relative clause set off by a comma at the end of the content is the writer's aside
    (
        "Okoro said the fire started in the old mill, which had been closed for years.",
        [("Okoro", "said", "the fire started in the old mill", "indirect")],
    ),
    (
        "The mayor praised the volunteers, who worked through the night.",
        [("The mayor", "praised", "the volunteers", "indirect")],
    ),
    (
        "Patel said the council would meet the builders who won the contract.",
        [("Patel", "said", "the council would meet the builders who won the contract", "indirect")],
    ),
    # "with" after the object stays in it, unless a comma sets it off
    (
        "A new poll shows the mayor with a narrow lead.",
        [("A new poll", "shows", "the mayor with a narrow lead", "indirect")],
    ),
    (
        "The senator attacked the plan as reckless, with harsh words for its authors.",
        [("The senator", "attacked", "the plan as reckless", "indirect")],
    ),
    # a comma-set participle or contrast after a reported clause is not part of it; a cue
    # participle is a claim of its own, of the same speaker
    (
        "She said her brother has been a loyal member of the party and would do the same as"
        " mayor, saying that he backs higher wages for nurses.",
        [
            (
                "She",
                "said",
                "her brother has been a loyal member of the party and would do the same as mayor",
                "indirect",
            ),
            ("She", "saying", "that he backs higher wages for nurses", "indirect"),
        ],
    ),
    (
        "The council announced that it would close two libraries, throwing the budget talks"
        " into doubt.",
        [("The council", "announced", "that it would close two libraries", "indirect")],
    ),
    (
        "Okoro said the strike would end on Friday, while union members said they would keep"
        " picketing.",
        [
            ("Okoro", "said", "the strike would end on Friday", "indirect"),
            ("union members", "said", "they would keep picketing", "indirect"),
        ],
    ),
    (
        "Okoro said the plan was fair, even though she had voted against it.",
        [("Okoro", "said", "the plan was fair", "indirect")],
    ),
    # ... but a coordinated clause or another adverbial clause stays
    (
        "Okoro said the plan was fair and the vote was close.",
        [("Okoro", "said", "the plan was fair and the vote was close", "indirect")],
    ),
    (
        "Okoro said the plan would fail as costs rose.",
        [("Okoro", "said", "the plan would fail as costs rose", "indirect")],
    ),
    # "see/describe X as Y": the "as" phrase is part of the object content, unless it is a
    # clause of its own
    (
        "Critics see the council as captured by developers.",
        [("Critics", "see", "the council as captured by developers", "indirect")],
    ),
    (
        "The minister praised the plan as the vote neared.",
        [("The minister", "praised", "the plan", "indirect")],
    ),
    # after the object: a to-infinitive, an if-clause or an "against" phrase that the parser
    # hung on the cue stay in the content; an "in" phrase does not (it lowered dev F)
    (
        "The senator welcomed calls from party leaders to drop the tax.",
        [("The senator", "welcomed", "calls from party leaders to drop the tax", "indirect")],
    ),
    (
        "The mayor praised the council's efforts, to cut waste.",
        [("The mayor", "praised", "the council's efforts", "indirect")],
    ),
    (
        "The minister promised lower fares if the budget passes.",
        [("The minister", "promised", "lower fares if the budget passes", "indirect")],
    ),
    (
        "The governor defended the agency against charges of neglect.",
        [("The governor", "defended", "the agency against charges of neglect", "indirect")],
    ),
    (
        "Okoro attacked the plan in a late-night tweet.",
        [("Okoro", "attacked", "the plan", "indirect")],
    ),
    ("Okoro criticized the plan in 2019.", [("Okoro", "criticized", "the plan", "indirect")]),
    ("Okoro criticized the plan in public.", [("Okoro", "criticized", "the plan", "indirect")]),
    (
        "Okoro criticized the plan in order to win votes.",
        [("Okoro", "criticized", "the plan", "indirect")],
    ),
    (
        "The minister praised the plan, in a rare show of unity.",
        [("The minister", "praised", "the plan", "indirect")],
    ),
    # an "as" phrase after a cue's prepositional object stays in it, unless a comma sets it off
    (
        "Okoro pointed to the closures as proof of neglect.",
        [("Okoro", "pointed to", "the closures as proof of neglect", "indirect")],
    ),
    (
        "The governor referred to the mayor as a reformer.",
        [("The governor", "referred to", "the mayor as a reformer", "indirect")],
    ),
    (
        "Okoro pointed to the closures, as mayor, in her speech.",
        [("Okoro", "pointed to", "the closures", "indirect")],
    ),
    # a participle that carries the prediction on (a known miss: see KNOWN_MISSES)
    (
        "Naseri predicted that neither candidate would win a majority, forcing a run-off.",
        [
            (
                "Naseri",
                "predicted",
                "that neither candidate would win a majority, forcing a run-off",
                "indirect",
            )
        ],
    ),
    # a manner-of-speaking verb attributes a quote like "said"
    (
        "“We will win this state,” the governor boomed.",
        [("the governor", "boomed", "“We will win this state,”", "direct")],
    ),
    # a short quote after "said," is speech when it closes on its own terminal mark
    (
        "When the lights went out, a man in the back yelled, “Not again!”",
        [("a man in the back", "yelled", "“Not again!”", "direct")],
    ),
    # the person addressed between the cue and the quote (told reporters, / tells the crowd:)
    (
        "The mayor told reporters, “The bridge will reopen in May and nobody will pay a toll.”",
        [
            (
                "The mayor",
                "told",
                "“The bridge will reopen in May and nobody will pay a toll.”",
                "direct",
            )
        ],
    ),
    (
        "Okoro tells the crowd: “Nobody here is giving up on this town.”",
        [("Okoro", "tells", "“Nobody here is giving up on this town.”", "direct")],
    ),
    # a reported clause goes on through what its colon announces
    (
        "Okafor argued that the new law was unfair: It punished tenants who paid on time.",
        [
            (
                "Okafor",
                "argued",
                "that the new law was unfair: It punished tenants who paid on time",
                "indirect",
            )
        ],
    ),
    (
        "The plan seemed to fail: Nobody came to the hearing.",
        [(None, "seemed", ("The plan", "to fail"), "indirect")],
    ),
    # a poll at the head of the sentence; know with a subject; told X to; threw support behind
    (
        "In the survey, most residents opposed the tram.",
        [("the survey", "In", "most residents opposed the tram", "indirect")],
    ),
    ("The senator still trails in the polls.", []),
    (
        "Okafor knows the vote will be close.",
        [("Okafor", "knows", "the vote will be close", "indirect")],
    ),
    ("It is known that the bridge needs repairs.", []),
    (
        "The council told the contractor to stop work on the bridge.",
        [("The council", "told", "to stop work on the bridge", "indirect")],
    ),
    (
        "The union gave its support to the striking nurses.",
        [("The union", "gave its support to", "the striking nurses", "indirect")],
    ),
    ("The mayor gave a speech to the council.", []),
    # non-claims
    ("The workers’ union was founded in the ’90s by fans of rock ’n’ roll.", []),
    ("Marlow said “fine” and left the room.", []),
    ("Much of the debate centred on the so-called “savings” plan.", []),
    ("Her role in “Blue Harbor” made her famous.", []),
    ("The said property was sold in 2019.", []),
    ("The report used the word “resilience” 37 times.", []),
    ("“Stop the cuts” was painted on the wall of the depot.", []),
]

KNOWN_MISSES = {
    # a trailing ", VBG ..." with no subject is cut from a reported clause, because on
    # PolNeAR it is mostly the writer's aside (", throwing the plan into doubt"); here it
    # is the speaker's own consequence, which the parse does not tell apart
    PARTICIPLE_CASE: "a trailing participle is cut as the writer's aside",
}


def _content(claim: dict) -> str | tuple[str, ...]:
    frags = claim["content"]["fragments"]
    return tuple(f["text"] for f in frags) if frags else claim["content"]["text"]


def _found(claims: list[dict]) -> list[tuple]:
    return [
        ((c["source"] or {}).get("text"), (c["cue"] or {}).get("text"), _content(c), c["type"])
        for c in claims
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            t,
            e,
            id=t[:40],
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[t])]
            if t in KNOWN_MISSES
            else [],
        )
        for t, e in CASES
    ],
)
def test_construction(run, text, expected):
    assert _found(run(text)) == expected


def test_offsets_of_every_case_hold(run):
    for text, _ in CASES:
        for claim in run(text):
            for key in ("source", "cue", "content"):
                span = claim[key]
                if span is None:
                    continue
                assert text[span["start"] : span["end"]] == span["text"]
                for frag in span.get("fragments", []):
                    assert text[frag["start"] : frag["end"]] == frag["text"]
