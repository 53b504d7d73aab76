"""The resident's log in sentences a B1 reader reads: a long list of topics becomes a count."""

from leefwereld.vault import sentences


def test_up_to_three_topics_are_named():
    assert sentences.topics(["Geld en schulden"]) == "Geld en schulden"
    assert sentences.topics(["Wonen", "Werk", "Zorg"]) == "Wonen, Werk en Zorg"


def test_more_than_three_topics_become_their_number():
    twelve = [f"onderwerp {n}" for n in range(12)]
    assert sentences.topics(twelve) == "12 onderwerpen"


def test_empty_labels_are_not_counted():
    assert sentences.topics(["", "Wonen", ""]) == "Wonen"
    assert sentences.topics([]) == ""
