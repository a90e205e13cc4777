"""The help desk: answers with sources at any point of a conversation, and a person when needed.

It plugs into the engine as a feature (``plugin.HelpDesk``, registered in ``bot/features.py``); each hook
returns whether it took the event.

* ``answers``: FAQ answers in the chat (/ask, typed questions), "did this help?";
* ``stray_questions``: a question typed at a free-text field (an FAQ answer, or "Is this your answer?");
* ``handoff``: the applicant's side of a ticket (/human, sharing, talking to staff, back to the application);
* ``staff``: the staff group and the staff-only commands (/tickets, /stats, /close, /reply);
* ``summary``: what staff see of an applicant; ``records``: what is stored; ``inline``: inline mode.
"""
