"""What is worrying about each fictional family, in the words a social worker would use.

Each scenario gives sentences with {placeholders} filled from the family (see
`wording.Words`): the child's and parents' names, pronouns, school, GP. Sentences are
kept short and specific: a practitioner reading the demo should recognise the case.
"""

from __future__ import annotations

SCENARIOS = {
    "domestic_abuse": {
        "concern": "{child} told {teacher_title} that {dad} pushed {mum} into the kitchen door "
        "on Saturday night and that {he} hid under the bed with {sibling}.",
        "harm": "Police were called to the home twice in the last six months after {dad} and "
        "{mum} argued when they had been drinking; the second time {child} was in the room.",
        "complicating": "{mum} says she is afraid of what {dad} will do if she asks him to leave, "
        "and she has no family nearby apart from {nan}.",
        "strength": "{mum} called the police herself the second time and took the children to "
        "{nan}'s overnight.",
        "safety": "{nan} has {child} and {sibling} to stay every Friday and Saturday night, when "
        "the arguments usually happen.",
        "worry": "We are worried that {child} will be hurt if {he} is near {dad} and {mum} when "
        "they fight, and that living with the fear is already harming {him}.",
        "impact": "{child} is jumpy in class, startles at loud noises and has started wetting "
        "the bed again.",
        "category": "emo_emotional_abuse",
        "factors": ["factor_3b_domestic_abuse_parent", "factor_1b_alcohol_parent"],
        "child_worries": "When dad shouts at mum and she cries. I hide with {sibling}.",
        "child_good": "Nana {nan_first}'s house. Football at school. My dog Biscuit.",
        "child_dreams": "Everyone being kind at home and dad not drinking.",
        "young_worries": "Daddy shouting. Mummy crying.",
        "young_good": "Nana {nan_first}. My teddy.",
        "young_dreams": "Daddy be nice.",
        "behaviour": "{dad} shouts at and pushes {mum} when he has been drinking, with the "
        "children in the next room or watching.",
        "could_happen": "{child} or {sibling} could be hurt trying to stop it, or could keep "
        "growing up frightened at home.",
        "goal_parents": "{mum} and {dad} will keep any argument away from the children, and "
        "{dad} will not come to the house after drinking.",
        "rule": "{dad} does not come to the house when he has been drinking",
        "red_flag": "{dad} calls {mum} late at night asking to come round",
    },
    "neglect": {
        "concern": "{teacher_title} says {child} has come to school hungry and in the same "
        "clothes most days this month, and has missed 11 days this term.",
        "harm": "{child}'s dental decay was left untreated for a year and {he} missed two "
        "hospital appointments in the spring.",
        "complicating": "{mum} has been depressed since her own mother died and says some "
        "days she cannot get out of bed.",
        "strength": "{mum} agreed straight away to see her GP at {gp} and has been twice.",
        "safety": "{nan} drops food round on Sundays and takes {child} to school on Mondays.",
        "worry": "We are worried that {child} is not getting enough to eat, is missing school "
        "and medical care, and that {his} teeth will get worse.",
        "impact": "{child} is tired, falls behind with reading and has no friends round.",
        "category": "neg_neglect",
        "factors": ["factor_16a_neglect", "factor_4b_mental_health_parent"],
        "child_worries": "When there is no breakfast. When mum stays in bed all day.",
        "child_good": "School dinners. Playing Lego with {sibling}. Nana {nan_first}.",
        "child_dreams": "A bike and mum being happy again.",
        "young_worries": "Tummy hurts. Mummy sleeping.",
        "young_good": "Dinner at school. {sibling}.",
        "young_dreams": "Toast. Mummy play.",
        "behaviour": "{child} often has nothing to eat before school, misses health "
        "appointments and is left to get {sibling} ready in the mornings.",
        "could_happen": "{child} could become ill, fall further behind at school and go "
        "without care {he} needs.",
        "goal_parents": "{mum} will make sure {child} has breakfast, gets to school on time "
        "and goes to every health appointment.",
        "rule": "{child} has breakfast and is at school by 8:45am every school day",
        "red_flag": "{child} is not at school by 9:30am and nobody has phoned in",
    },
    "injury": {
        "concern": "{child} arrived at {school} with a bruise on {his} left cheek and said "
        "{dad} hit {him} with the back of his hand when {he} would not go to bed.",
        "harm": "{child} had a bruise on {his} upper arm in March that the family said came "
        "from a fall in the park.",
        "complicating": '{dad} has been out of work since June and says he has "no patience '
        'left"; money is very tight.',
        "strength": "{dad} admits he lost his temper and has asked for help with it.",
        "safety": "{dad} is staying with his brother while the enquiry goes on and sees the "
        "children at {nan}'s with her there.",
        "worry": "We are worried that {child} will be hit again when {dad} is stressed, and "
        "could be badly hurt.",
        "impact": "{child} says {he} is scared of getting into trouble and goes quiet when "
        "{dad} is mentioned.",
        "category": "phy_physical_abuse",
        "factors": ["factor_19b_physical_abuse_adult", "factor_20_other"],
        "child_worries": "Dad getting cross and hitting me. Being told off at bedtime.",
        "child_good": "Swimming with mum. My teacher {teacher_first}. Nana's cat.",
        "child_dreams": "Dad being calm and us going to the seaside.",
        "young_worries": "Daddy cross. Ouchie.",
        "young_good": "Swimming with Mummy. Nana's cat.",
        "young_dreams": "Seaside.",
        "behaviour": "{dad} hits {child} when he is angry, including on the face, leaving bruises.",
        "could_happen": "{child} could be seriously hurt, and could learn that being hit is "
        "normal.",
        "goal_parents": "{mum} and {dad} will use no physical punishment and will take time "
        "out when they are angry.",
        "rule": "{dad} is never alone with the children until the plan is reviewed",
        "red_flag": "{dad} turns up at the house without {nan} there",
    },
}

# Long answers by what a question asks: the first entry whose words appear in the
# field's id or label wins. Each template is one or two sentences in a worker's voice.
TOPICS: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        (
            "confidential",
            "in confidence",
            "only with professionals",
            "not to be shared",
            "professionals only",
            "stays private",
            "conference only",
        ),
        "{police_name} told us {dad} has a caution for common assault in 2021; the family "
        "have not been told this and it should not be shared with them.",
    ),
    (
        ("police",),
        "Checks with {police_name} show two call-outs to {address} this year, "
        "both for arguments; no charges were brought.",
    ),
    (
        ("medical", "doctor"),
        "The paediatrician at Northfield General saw {child} on the "
        "day of the referral and found the marks consistent with what {he} described.",
    ),
    (
        ("health",),
        "{child} is registered with {gp}; {health_first} {health_last} says {his} "
        "immunisations are up to date but {he} missed the last two dental checks.",
    ),
    (
        ("education", "learning", "school"),
        "{child} is at {school}; {teacher_first} "
        "{teacher_last} says {his} attendance is 88% this term and {his} reading is behind.",
    ),
    (
        ("identity", "culture", "faith"),
        "{child} is proud of {his} family's roots and goes to "
        "the community centre's Saturday club with {nan}; {he} says {he} likes who {he} is.",
    ),
    (
        ("emotional_behaviour", "feels and behaves"),
        "{child} is quiet at first and then "
        "chatty; {he} gets upset when plans change without warning.",
    ),
    (
        ("relationships", "friends"),
        "{child} is close to {sibling} and to {nan}; {he} has two good friends in {his} class.",
    ),
    (
        ("basic_care",),
        "The home was warm and there was food in the fridge on both visits; "
        "{child}'s room had a bed, clean bedding and {his} school uniform laid out.",
    ),
    (
        ("warmth", "stability", "boundaries"),
        "{mum} is warm with {child} and praises {him}; "
        "bedtimes are not settled and the rules change from day to day.",
    ),
    (
        ("family_history", "family's past"),
        "{mum} grew up in {town} and was in care herself "
        "for a year at 13; she met {dad} in 2012 and they have been on and off since.",
    ),
    (
        ("housing", "money"),
        "The family rent from the council; there are arrears of about "
        "£600 and {mum} has been referred to the money advice service.",
    ),
    (
        ("community",),
        "{nan} lives ten minutes' walk away; a neighbour, Mrs Okafor, has "
        "offered to help with school runs.",
    ),
    (
        ("day_in_the_life", "day in the"),
        "{child} gets {himself} up at 7:30, watches "
        "cartoons, walks to school with {mum}; after school {he} plays out until tea at 6.",
    ),
    (
        ("not_able_to_say", "cannot tell"),
        "{child} drew {his} house and put {dad} outside "
        "it; {he} smiled when talking about {nan} and went quiet when asked about evenings.",
    ),
    (
        ("wishes", "child wants", "childs_words", "child has said", "child_has_said"),
        '"{child_dream}" {child} said, when we talked at school.',
    ),
    (("bottom_line",), "{rule}, every day, whoever is looking after {child}."),
    (
        (
            "parents_update",
            "parents say",
            "parents_views",
            "parents think",
            "family_views",
            "family wants",
            "family_story",
            "family told",
        ),
        "{mum} said: \"I know things got bad. I want the kids safe and I'll do what it takes, "
        'but I need help, not judging."',
    ),
    (
        ("disagree", "dissent"),
        "{dad} disagrees that the children were ever at risk and says the school has exaggerated.",
    ),
    (
        ("analysis", "what does all this mean", "what this means", "tells us", "means for"),
        "The worries are real and repeated, but {mum} is working with us and {nan} gives the "
        "children somewhere safe; the risk is highest in the evenings.",
    ),
    (
        ("summary",),
        "{child} is living with {mum}. What worries us most: {worry_short}. The family "
        "agree there is a problem and want help.",
    ),
    (
        ("contingency", "not working", "if things get harder", "plan does not work"),
        "If the plan is not kept, {nan} will have the children and we will hold a strategy "
        "discussion the same day.",
    ),
    (
        ("reason", "why"),
        "Because of what {child} told {teacher_title}, and because this is "
        "the second time this year.",
    ),
    (
        ("observations", "what you saw"),
        "{child} ran to the door to show me {his} drawing; "
        "{mum} was calm and the flat was tidy, with {sibling} asleep upstairs.",
    ),
    (("address",), "{address}"),
    (
        ("plan", "progress"),
        "{mum} has been to four of the six sessions at the family "
        "centre; school says {child}'s attendance is up to 94%.",
    ),
    (
        ("words_and_pictures", "explained to the child"),
        "We will use a words and pictures "
        "story with {child}, read with {mum} and {nan}, and go over it again at the next visit.",
    ),
    (
        ("safeguarding_action", "escalation", "new_concern", "what you did"),
        "I phoned "
        "{mum}, checked {child} was with {nan}, and told my manager Mo Hassan straight away.",
    ),
    (
        ("delegated",),
        "The carers can agree to school trips, haircuts and sleepovers with "
        "friends they know; anything medical beyond first aid needs the social worker.",
    ),
)
