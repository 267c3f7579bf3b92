"""Word lists that attribution rests on: speech and communication cues, media, speaker nouns.

They are general English vocabulary; tune them on PolNeAR train/dev, never on a single article.
"""

from __future__ import annotations

# Verbs that report speech or writing: their subject is a speaker, their complement a statement.
SPEECH_VERBS = frozenset(
    """
    say tell add note write state cite quote declare announce claim insist argue explain warn report
    reply respond answer ask assert contend maintain stress emphasize emphasise acknowledge admit
    concede confirm deny reveal disclose suggest propose predict estimate recall remark comment observe
    mention point testify tweet post blog vow pledge promise threaten urge caution complain charge
    allege accuse criticize criticise condemn denounce praise agree counter retort quip joke muse
    reiterate repeat stress lament concede conclude boast brag scoff sneer shout yell scream whisper
    mutter exclaim cry plead beg demand order instruct recommend inform assure reassure remind
    signal indicate hint imply acknowledge affirm reaffirm proclaim announce broadcast email
    text message decry slam blast lash attack mock dismiss reject rule acknowledge confide lament
    clarify elaborate specify highlight underline underscore contend conclude show
    forecast project estimate speculate wonder question describe call refer label
    dub term brand characterize characterise
    """.split()
)

# The verbs that most often frame a quotation; preferred when several could.
CORE_CUES = frozenset(
    """
    say tell add write note explain declare state insist warn ask reply respond tweet post continue
    argue claim announce quote cite
    """.split()
)

# Verbs whose subject is the source of an attribution in at least half of their occurrences in PolNeAR's
# train split (and at least 5 times there), then those at 35% or more, and speech verbs seen 3-4 times at 40% or more or 5+ times at 30%, which raised F1 on dev; their content may be a clause or a noun phrase
# ("criticized the plan as reckless", "called for a recount"). Lemmas as the model gives them.
ATTRIBUTION_VERBS = frozenset(
    """
    say tell call write ask add show note suggest report argue announce describe endorse point criticize
    tweet accuse explain claim cite declare acknowledge decline refer promise insist hope defend refuse urge
    express mention warn question discuss state reveal praise vow recall conclude reject indicate blame
    predict denounce admit dismiss blast confirm reply mock fear tout remind list echo portray slam prefer
    emphasize complain assure order assert boast condemn concede reiterate wonder remark stress joke
    disclose deem decry lament rail imply quote applaud reference voice chant signal plead caution credit
    outline hint assail label speculate retweet recount contend envision chide rebut brag document recite
    vouch bemoan articulate interject proclaim rebuke hail liken lash allude characterize observe reaffirm
    dub lambast interpret forecast rebuff deride
    talk seek respond offer agree oppose propose post deny worry remember repeat highlight charge threaten
    allege press thank advocate estimate demand shout underscore apologize request recommend email attribute
    detail congratulate invoke yell disavow dispute suspect clarify inform unveil doubt
    elaborate broadcast repudiate utter muse coin mull trumpet preach lecture herald scoff quip foresee opine
    posit pronounce attack pledge comment answer testify counter contradict champion
    """.split()
)

# Verbs of belief, hope and intent: attributions in PolNeAR's sense, kept when their subject is a person.
COGNITION_VERBS = frozenset(
    """
    believe think feel fear hope expect know worry doubt suspect consider reckon understand assume guess
    want wish prefer plan intend
    """.split()
)

# Cues whose content is a quoted or named thing rather than a clause: "called it a 'threat'".
NAMING_VERBS = frozenset(
    """
    call refer describe label dub term brand characterize characterise name
    """.split()
)

# Verbs that can govern a partial quote without a that-clause: "condemned the group's 'crimes'".
PARTIAL_GOVERNORS = SPEECH_VERBS | frozenset(
    [
        "vow",
        "decry",
        "hail",
        "welcome",
        "laud",
        "applaud",
        "blame",
        "slam",
        "blast",
        "attack",
        "liken",
        "compare",
    ]
)

# Verbs that frame a quotation set beside them ('"...," she continued'; '"...," the letter reads') but
# report nothing elsewhere ('continued to work', 'read the bill'): cues of direct quotes only.
QUOTE_FRAME_VERBS = frozenset({"continue", "read"})

# Participles that carry a quote for the subject of the verb they hang on: "he wrote, adding: '...'".
PARTICIPLE_CUES = frozenset(
    """
    say add note write tell explain warn insist argue declare state continue
    """.split()
)

# Multi-word cues matched on lemmas, longest first.
PHRASE_CUES = {
    ("according", "to"): "according to",
    ("take", "to"): "take to",
}

# Spoken or written media a statement is made through: "in a statement", "in a video".
MEDIA_NOUNS = frozenset(
    """
    statement interview video recording speech address post tweet message letter op-ed editorial column
    article essay blog podcast broadcast briefing conference communique communiqué release remarks
    remark testimony appearance email e-mail memo note report documentary footage clip livestream
    announcement speech sermon tv television radio programme program show newsletter book
    """.split()
)

# Platforms are channels, never speakers, whatever the NER says.
PLATFORMS = frozenset(
    """
    instagram twitter facebook youtube telegram tiktok vkontakte vk weibo wechat whatsapp linkedin
    reddit snapchat threads bluesky mastodon truth_social truth substack medium rumble gab parler
    """.split()
)

# Nouns that name a news outlet in a phrase like "the Interfax news agency", "the newspaper Dagsposten".
OUTLET_NOUNS = frozenset(
    """
    agency newspaper paper daily weekly magazine broadcaster channel network station radio television tv
    outlet website site tabloid journal wire service newswire publication
    """.split()
)

# People-denoting common nouns: possible unnamed speakers and pronoun antecedents.
PERSON_NOUNS = frozenset(
    """
    man woman men women person people boy girl child children resident residents fighter fighters
    militant militants soldier soldiers officer officers official officials spokesman spokeswoman
    spokesperson spokespeople representative representatives minister ministers president leader leaders
    chief head director manager executive executives analyst analysts expert experts economist
    economists scientist scientists researcher researchers doctor doctors nurse nurses lawyer lawyers
    attorney attorneys judge judges witness witnesses source sources diplomat diplomats senator senators
    lawmaker lawmakers legislator legislators politician politicians candidate candidates voter voters
    worker workers employee employees owner owners investor investors activist activists protester
    protesters critic critics supporter supporters member members observer observers commentator
    commentators insider insiders aide aides adviser advisers advisor advisors staffer staffers
    organizer organizers coach player players fan fans teacher teachers student students parent parents
    mother father son daughter wife husband farmer farmers resident victim victims survivor survivors
    police policeman policemen detective investigator investigators prosecutor prosecutors governor
    mayor speaker chairman chairwoman chair secretary ambassador envoy general commander colonel captain
    sergeant journalist journalists reporter reporters editor correspondent author writer strategist
    strategists pollster pollsters operative operatives campaigner campaigners consultant consultants
    professor professors historian historians specialist specialists negotiator negotiators mediator
    founder ceo cfo chairperson official spokesman customer customers user users citizen citizens
    american americans democrat democrats republican republicans conservative conservatives liberal
    liberals progressive progressives leader neighbor neighbors neighbour friend friends colleague
    colleagues partner partners rebel rebels insurgent insurgents jihadist jihadists extremist
    extremists terrorist terrorists guard guards volunteer volunteers
    host hosts moderator anchor interviewer panelist panelists caller callers
    """.split()
)

# Singular nouns for bodies that speak as one: 'the ministry said' names a definite speaker.
INSTITUTION_NOUNS = frozenset(
    """
    ministry department government administration agency company firm corporation council committee
    commission court parliament congress senate house assembly office board authority authorities bank
    police army military navy embassy campaign party union federation association organization
    organisation group team club university institute foundation church service bureau kremlin
    white_house cabinet regime state city county municipality prosecutor's newspaper network channel
    station
    airline charity hospital school museum regulator watchdog operator utility insurer manufacturer retailer
    carrier railway league tribunal institute laboratory lab study survey poll registry fund trust province region
    """.split()
)

TITLE_WORDS = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame lord lady gen gen. col col. capt capt. sgt sgt.
    rep rep. sen sen. gov gov. president vice premier minister secretary senator governor mayor
    chancellor king queen prince princess pope sheikh ayatollah judge justice chief general colonel
    captain commander ambassador coach director chairman chairwoman spokesman spokeswoman representative
    rabbi father bishop cardinal
    """.split()
)

HEAD_SYNONYMS = {
    "chief": "head",
    "head": "head",
    "leader": "head",
    "boss": "head",
    "director": "head",
    "chairman": "head",
    "chairwoman": "head",
    "chair": "head",
    "president": "head",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
}

MALE_PRONOUNS = frozenset(
    """
    he him his himself
    """.split()
)
FEMALE_PRONOUNS = frozenset(
    """
    she her hers herself
    """.split()
)
PLURAL_PRONOUNS = frozenset(
    """
    they them their themselves we us our
    """.split()
)
NEUTER_PRONOUNS = frozenset(
    """
    it its itself
    """.split()
)
PERSONAL_PRONOUNS = (
    MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS | NEUTER_PRONOUNS | frozenset({"i", "you"})
)

MALE_TITLES = frozenset(
    """
    mr mr. sir lord king prince father brother son husband uncle nephew grandfather spokesman chairman
    """.split()
)
FEMALE_TITLES = frozenset(
    """
    mrs mrs. ms ms. miss dame lady queen princess sister daughter wife mother aunt niece grandmother
    spokeswoman chairwoman
    """.split()
)

# The act of a statement (speech, thought, finding): cues that name an internal state of their source.
THOUGHT_CUES = COGNITION_VERBS | frozenset(
    """
    realize realise imagine envision foresee see view regard perceive recognize recognise trust hold
    desire aim seek hate love like dislike admire oppose support favor favour reckon
    belief view hope fear worry concern plan intention expectation wish desire doubt suspicion
    assumption impression conviction opinion
    """.split()
)

# Sources whose content is what they show rather than what anybody put into words: documents of evidence,
# measurement and record. "The poll shows", "a study found", "according to the data".
EVIDENCE_NOUNS = frozenset(
    """
    poll polls survey surveys study studies data dataset figure figures statistic statistics chart charts
    graph graphs table census audit analysis analyses research projection projections
    estimate estimates index tally count numbers record records transcript transcripts footage evidence
    result results test tests trial trials experiment experiments review reviews report reports
    investigation inquiry paper papers map maps calculation calculations breakdown ranking rankings
    average averages polling film films documentary footage
    """.split()
)

# What evidence does: a report that "said" speaks for its authors (speech); one that "found" is a finding.
FINDING_CUES = frozenset(
    """
    show find suggest indicate reveal conclude estimate project predict confirm put place rank
    demonstrate establish document detail point according
    """.split()
)

# Evidence that also speaks for its issuer: it is a finding only with a finding cue ("the report found"),
# speech with a speech cue ("the report said").
ISSUED_EVIDENCE = frozenset("report reports review reviews investigation inquiry paper papers audit".split())

# Documents that speak for an issuer the phrase may name: "a study by X", "a statement from X", "X's report".
ISSUER_DOCUMENTS = EVIDENCE_NOUNS | frozenset(
    """
    statement statements letter letters release communique memo memorandum filing complaint ad ads advert
    advertisement video videos post posts tweet tweets message messages note notice announcement
    document documents proposal plan
    """.split()
)

# Documents that speak for whoever issued them: "the statement said", "the poll found", "the ad says".
DOCUMENT_NOUNS = frozenset(
    """
    statement poll survey ad advertisement commercial spot video clip report transcript letter complaint
    memo study filing lawsuit release communique communiqué tweet post message email e-mail editorial
    op-ed column article piece note document analysis audit review plan proposal
    """.split()
)

# Document words that name the same kind of thing: 'the clip' after 'a web video', 'the spot' after 'an ad'.
DOCUMENT_KINDS = {
    "advertisement": "ad",
    "commercial": "ad",
    "spot": "ad",
    "video": "ad",
    "clip": "ad",
    "survey": "poll",
    "communiqué": "statement",
    "communique": "statement",
    "release": "statement",
    "e-mail": "email",
    "article": "piece",
    "op-ed": "piece",
    "column": "piece",
    "editorial": "piece",
}

# Verbs by which someone puts a document out: "X issued a statement", "X released an ad".
ISSUING_VERBS = frozenset(
    """
    issue release publish put air run launch unveil send post file conduct commission produce write sign
    circulate distribute submit pen tweet share
    """.split()
)

# Words of an outlet's name: 'The Washington Post' is what 'the newspaper' refers back to.
OUTLET_NAME_WORDS = frozenset(
    """
    post times news journal herald tribune gazette telegraph guardian chronicle observer daily press
    reuters bloomberg cnn msnbc nbc abc cbs bbc npr politico axios magazine radio tv television network
    examiner inquirer enquirer star mail mirror independent sun economist atlantic newsweek wire
    """.split()
)

# Abbreviated titles and their role words, for matching 'the governor' with 'Gov. Mike Pence'.
ROLE_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "col": "colonel",
    "capt": "captain",
    "sgt": "sergeant",
    "lt": "lieutenant",
    "prof": "professor",
    "pres": "president",
    "sec": "secretary",
    "atty": "attorney",
    "gop": "republican",
    "dem": "democratic",
    "democrat": "democratic",
}

# Party words: a 'Democratic nominee' is never the person the article calls the 'Republican nominee'.
PARTY_WORDS = frozenset(
    {"democratic", "republican", "libertarian", "green", "labour", "conservative", "liberal"}
)

# Place nouns: 'the city' names a place, not an organisation.
PLACE_NOUNS = frozenset(
    {"city", "state", "country", "county", "province", "region", "town", "village", "nation"}
)

# People and bodies the general lists leave out, that speak in the news as often as those they hold
MORE_SOURCE_NOUNS = frozenset(
    """
    panel panels jury juries caucus coalition alliance delegation nominee nominees family families relative
    relatives rival rivals boss bosses surrogate surrogates camp
    """.split()
)

# Words that open a noun phrase by quantity: 'many Democrats', 'several people' are groups, not names.
QUANTIFIERS = frozenset(
    "many several some most few all both each every numerous various certain other others".split()
)

# Nicknames a speaker gives an opponent ('Crooked Hillary'): never part of the opponent's name.
EPITHETS = frozenset(
    """
    crooked lyin lyin' lying little low-energy crazy sleepy pocahontas goofy nasty weak failed phony
    dishonest disgusting pathetic corrupt
    """.split()
)

# What may follow a full name and still be the name: 'Robert F. Kennedy Jr.'.
NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv v".split())

# Words that say a descriptor is no role: 'woman', 'liar', 'events' describe nobody's position.
NOT_ROLES = frozenset(
    """
    man woman men women person people guy guys lady liar liars event events word words thing things
    friend friends fan fans 's ’s
    """.split()
)
