"""The negotiation's rules, written once for every front-end, with no input or output of their own.

``readers`` turns what people type into stored values; ``preparation`` says what a meeting's preparation
asks and what an answer leads to; ``planning`` changes meetings and agreements; ``records`` writes down
what happened at the table. The command line, the coach and the web page ask these and render what they
give back; a refusal comes back as an ``aantafel.refusals.Refusal`` that each of them words in the user's
language.
"""
