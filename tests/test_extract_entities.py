"""Companies and people: links naming sites, lists of companies, quote attributions, affiliations."""

from __future__ import annotations

from extract_support import edges, extract, nodes_of, post

from kg.facts import node_id


def test_a_link_whose_text_is_the_site_names_a_company_with_its_url() -> None:
    facts = extract(post("[incident.io](http://incident.io) sums this up well."))
    company = facts.nodes[node_id("company", "incident.io")]
    assert (company["label"], company["url"]) == ("incident.io", "https://incident.io")
    assert ("post:/blog/x", company["id"]) in edges(facts, "mentions")


def test_a_link_to_a_home_page_names_a_company_but_a_link_to_a_page_does_not() -> None:
    facts = extract(
        post("""
        [Ghost’s](https://ghost.org/) team looks for these people. Read [the guide](https://example.com/guide).
        """)
    )
    assert nodes_of(facts, "company") == {"Ghost"}
    assert facts.nodes[node_id("company", "Ghost")]["url"] == "https://ghost.org"


def test_a_list_after_companies_like_names_each_company() -> None:
    facts = extract(
        post("This helps companies with product engineers (like Acme, Y Combinator, Scale AI, and more).")
    )
    assert nodes_of(facts, "company") == {"Acme", "Y Combinator", "Scale AI"}


def test_a_list_of_tools_is_not_a_list_of_companies() -> None:
    facts = extract(
        post("""
        We use tools like feature flags, A/B tests, and session recordings.
        We learnt it from companies like Stripe, Notion, and Figma.
        """)
    )
    assert nodes_of(facts, "company") == {"Stripe", "Notion", "Figma"}


def test_at_company_we_names_the_writers_company() -> None:
    facts = extract(post("At Acme, we have both product engineers and product managers."))
    assert nodes_of(facts, "company") == {"Acme"}


def test_tools_and_practices_are_not_companies() -> None:
    facts = extract(post("They may need help with DevOps and CI, like most Startups. At Acme, we do it."))
    assert nodes_of(facts, "company") == {"Acme"}


def test_a_quote_attribution_names_the_people_and_who_was_quoted() -> None:
    facts = extract(
        post("""
        > "Writing code is one part of your job." - [Kushal Byatnal via Joe Albanese](https://twitter.com/j/status/1)
        """)
    )
    assert nodes_of(facts, "person") == {"Kushal Byatnal", "Joe Albanese"}
    assert edges(facts, "quoted_in") == {(node_id("person", "Kushal Byatnal"), "post:/blog/x")}
    assert nodes_of(facts, "company") == set()


def test_name_title_at_company_is_an_affiliation() -> None:
    facts = extract(post("Jean-Michel Lemieux, former VP of Engineering at Shopify, defines them nicely."))
    pid = node_id("person", "Jean-Michel Lemieux")
    assert facts.nodes[pid]["affiliation"] == "Shopify"
    assert edges(facts, "affiliated_with") == {(pid, node_id("company", "Shopify"))}
    assert "vice president of engineering" in nodes_of(facts, "role")


def test_one_name_alone_is_not_a_person() -> None:
    facts = extract(post("Thanks to Ashby and PostHog, and to Briefs. Thanks also to Jane Doe."))
    assert nodes_of(facts, "person") == {"Jane Doe"}


def test_a_company_looking_for_people_hires_the_roles_in_the_quote() -> None:
    facts = extract(
        post("""
        [Ghost](https://ghost.org/) looks for these people:

        > "Our team is made up of former founders and freelancers who work independently."
        """)
    )
    ghost = node_id("company", "Ghost")
    assert edges(facts, "hires") == {
        (ghost, node_id("role", "founder")),
        (ghost, node_id("role", "freelancer")),
    }


def test_a_persons_title_at_a_company_is_where_they_work_not_a_hiring() -> None:
    facts = extract(post("Jane Doe, CTO at Acme, says hiring is hard. He was a data engineer at Uber."))
    assert {"Acme", "Uber"} <= nodes_of(facts, "company")
    assert edges(facts, "hires") == set()
    plural = extract(post("Product engineers at Acme own their features."))
    assert edges(plural, "hires") == {(node_id("company", "Acme"), node_id("role", "product engineer"))}


def test_an_attribution_on_its_own_line_below_a_quote_names_the_speaker() -> None:
    facts = extract(
        post("""
        > "Ship small things every day."
        >
        > — Jane Doe, Head of Growth at Acme
        """)
    )
    pid = node_id("person", "Jane Doe")
    assert facts.nodes[pid]["affiliation"] == "Acme"
    assert edges(facts, "quoted_in") == {(pid, "post:/blog/x")}


def test_a_list_of_organisations_names_companies_and_whom_they_hire() -> None:
    facts = extract(post("Spotify, Airbnb and Netflix hire data analysts."))
    assert nodes_of(facts, "company") == {"Spotify", "Airbnb", "Netflix"}
    analyst = node_id("role", "data analyst")
    assert edges(facts, "hires") == {
        (node_id("company", c), analyst) for c in ("Spotify", "Airbnb", "Netflix")
    }


def test_quoted_titles_and_someones_page_are_not_companies() -> None:
    facts = extract(
        post("""
        Hubspot builds free tools small businesses love, like "Website Grader" or "Email Signature Generator".

        [Brian's Job Search](https://brians-jobs.example/) collects job ads. [Indeed](https://indeed.com/) does too.
        """)
    )
    assert nodes_of(facts, "company") == {"Indeed"}


def test_names_in_a_list_of_tools_are_not_people() -> None:
    facts = extract(
        post(
            "Generate apps and prototypes with tools like Lovable, v0, and Claude Code. Jane Doe, CTO at Acme, does."
        )
    )
    assert nodes_of(facts, "person") == {"Jane Doe"}


def test_names_that_modify_a_noun_are_not_companies() -> None:
    facts = extract(
        post("""
        The interview is with someone from our People and Culture team. Avoid the XY problem.
        Companies like Acme and Globex hire product engineers.
        """)
    )
    assert nodes_of(facts, "company") == {"Acme", "Globex"}


def test_a_role_title_of_a_company_is_an_affiliation() -> None:
    facts = extract(post("As Ant Wilson, CTO and co-founder of Supabase, notes, speed matters."))
    assert facts.nodes[node_id("person", "Ant Wilson")]["affiliation"] == "Supabase"
    other = extract(post("Rob Fitzpatrick, author of The Mom Test, says so."))
    assert not other.nodes[node_id("person", "Rob Fitzpatrick")].get("affiliation")


def test_capitalised_words_joined_by_s_are_one_company_name() -> None:
    facts = extract(
        post("""
        Security engineers at Let's Encrypt maintain the tooling.

        Growth engineers at Let's Do This run experiments.
        """)
    )
    assert nodes_of(facts, "company") == {"Let's Encrypt", "Let's Do This"}
    assert edges(facts, "hires") == {
        (node_id("company", "Let's Encrypt"), node_id("role", "security engineer")),
        (node_id("company", "Let's Do This"), node_id("role", "growth engineer")),
    }


def test_a_name_after_an_indefinite_article_is_a_kind_of_thing_not_a_company() -> None:
    facts = extract(
        post("""
        Every new engineer does a Kickoff in the first month. After a Kickoff, they ship their first feature.

        At Acme, we do it too.
        """)
    )
    assert nodes_of(facts, "company") == {"Acme"}


def test_companies_listed_after_any_list_cue_hire_the_role() -> None:
    facts = extract(
        post("""
        Startups such as Linear, Vercel and Duolingo hire growth engineers.

        Companies, for example Acme and Globex, hire data analysts.
        """)
    )
    assert nodes_of(facts, "company") == {"Linear", "Vercel", "Duolingo", "Acme", "Globex"}
    growth, analyst = node_id("role", "growth engineer"), node_id("role", "data analyst")
    assert edges(facts, "hires") == {
        *((node_id("company", c), growth) for c in ("Linear", "Vercel", "Duolingo")),
        *((node_id("company", c), analyst) for c in ("Acme", "Globex")),
    }


def test_apps_listed_by_name_are_companies_and_tools_listed_by_name_are_tools() -> None:
    facts = extract(
        post("""
        Growth engineers at consumer apps like Instagram and Snapchat run experiments every week.
        Data engineers use tools like Hadoop and Spark, and languages such as Elixir.
        """)
    )
    assert nodes_of(facts, "company") == {"Instagram", "Snapchat"}
    assert nodes_of(facts, "tool") == {"Hadoop", "Spark", "Elixir"}
    assert edges(facts, "uses") == {
        ("role:data-engineer", "tool:hadoop"),
        ("role:data-engineer", "tool:spark"),
        ("role:data-engineer", "tool:elixir"),
    }


def test_a_company_a_role_works_at_or_belongs_to_hires_it() -> None:
    facts = extract(post("Product engineers at Stripe build payments. Notion's designers prototype in code."))
    assert {"Stripe", "Notion"} <= nodes_of(facts, "company")
    assert {
        (node_id("company", "Stripe"), node_id("role", "product engineer")),
        (node_id("company", "Notion"), node_id("role", "designer")),
    } <= edges(facts, "hires")
    # a person's possession is not a company
    assert nodes_of(extract(post("Sarah Drasner's engineers ship.")), "company") == set()


def test_names_a_post_lists_as_tools_are_not_companies() -> None:
    facts = extract(post("""
    Back-end developers know:

    - API communication protocols (REST, SOAP, RPC)
    - Servers (Apache, Nginx)
    """))
    assert {"REST", "SOAP", "RPC", "Apache", "Nginx"} <= nodes_of(facts, "tool")
    assert not nodes_of(facts, "company") & {"REST", "SOAP", "RPC", "Apache"}


def test_a_hyphenated_common_word_is_not_a_company() -> None:
    facts = extract(post("""
    - Front-end
    - Back-end

    Most of them work as either the Front or back-end developer.
    """))
    assert "Front" not in nodes_of(facts, "company")


def test_a_field_of_work_is_neither_a_company_nor_a_person() -> None:
    facts = extract(post("Data Engineering and Machine Learning differ. Data Engineering pays well."))
    assert not (nodes_of(facts, "company") | nodes_of(facts, "person")) & {"Data Engineering", "Machine Learning"}


def test_a_known_tool_the_post_names_is_a_tool_even_when_no_role_uses_it() -> None:
    facts = extract(post("Model training can be done with TensorFlow. Data engineers use tools like Spark, Database knowledge of SQL."))
    assert {"TensorFlow", "Spark"} <= nodes_of(facts, "tool")
    assert "Database" not in nodes_of(facts, "tool")
    assert (node_id("role", "data engineer"), node_id("tool", "TensorFlow")) not in edges(facts, "uses")


def test_the_start_of_a_role_name_is_not_an_organisation() -> None:
    facts = extract(post("Is there a place for the Project Manager role? The Project Manager role has a part to play."))
    assert "Project" not in nodes_of(facts, "company")


def test_a_first_name_counts_when_the_post_quotes_or_credits_them() -> None:
    facts = extract(post('"Ship it fast," says Marius.\n\n> Talk to users every day.\n\n— James\n\nMarius and James agree.'))
    assert {"Marius", "James"} <= nodes_of(facts, "person")
    assert (node_id("person", "Marius"), "post:/blog/x") in edges(facts, "quoted_in")
    # a first name that nobody quotes or credits is not enough
    assert nodes_of(extract(post("Talk to Marius about it.")), "person") == set()


def test_a_credited_first_name_is_the_person_the_post_already_named() -> None:
    facts = extract(post('We spoke with Taylor Wakefield about his first startup.\n\nIt "blew the customers away," says Taylor.'))
    assert "Taylor" not in nodes_of(facts, "person")
    assert (node_id("person", "Taylor Wakefield"), "post:/blog/x") in edges(facts, "quoted_in")


def test_a_name_its_appositive_calls_a_company_is_a_company() -> None:
    facts = extract(post("We talked to Zeplo (a startup that builds queues). Jane joined Ramp, a fintech startup."))
    assert {"Zeplo", "Ramp"} <= nodes_of(facts, "company")
    assert nodes_of(extract(post("Later, a startup failed. Notion, a customer of ours, agreed.")), "company") == set()
