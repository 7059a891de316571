"""A seeded, realistic demo book of business, written in the shape of the data contract.

``write_demo(directory, accounts=200, days=730, seed=7, as_of=today)`` writes
accounts.csv, team.csv, contacts.csv, features.csv, usage_events.csv.gz,
value_metrics.csv, subscriptions.csv, tickets.csv, notes/*.md and playbooks/*.md. The
same arguments give byte-identical files.

How the book is simulated
-------------------------
Each account has a latent engagement; each annual term draws its own engagement around
it. Engagement drives which features the account adopts early in the term, how many of
its users are active, whether activity rises or falls over the 120 days before the
term's end, and how likely a sev1 is to be open near the end. Usage follows a weekly
rhythm (weekends quiet), US public holidays and the Christmas to New Year lull, and an
onboarding ramp over the first 70 days after landing. Accounts are simulated one term at
a time and their usage rows are streamed to the gzip file as they are drawn.

The planted renewal rule
------------------------
Outcomes of terms that end inside the usage window are not drawn from the latent
engagement but from leading indicators *measured on the rows actually written*
(``knowledge.demo.outcomes``):

* ``breadth_share``: key features (``is_key``) with a ``feature_used`` row in the first
  60 days of the term's written usage, divided by the key features the plan includes
  (for a term that began before the window, the 60 days start at the window start);
* ``login_trend``: ln((logins in the term's last 30 days + 1) /
  (half the logins of the 60 days before those + 1)), logins counted as login quantity;
* ``open_sev1``: a sev1 ticket was unresolved on some day of the term's last 30 days.

    logit P(churn) = -1.45 - 3.4 (breadth_share - 0.55) - 2.4 login_trend
                     + 1.7 open_sev1

and the outcome is a Bernoulli draw from it. Retained terms expand (more likely with
high breadth and rising logins), contract (more likely with falling logins or a sev1) or
renew. Churned accounts stop using the product after the term ends and are marked
``churned``. Terms that ended before the window have outcomes without indicators
(renewed, expanded or contracted). With the defaults about 290 terms end in the window,
roughly a quarter of them in churn.

Special cases (fixed ids)
-------------------------
* A-1001 "Acme Corp" (enterprise) and A-1002 "Acme Logistics": confusable names.
* A-1003 and A-1004 each have a department-head contact named "Jordan Lee" and both use
  ``reports.scheduled``, ``workflows.automation`` and ``integrations.crm``.
* A-1005 has no contact with persona ``technical``.
* A-1006 landed six days before as-of and has no usage at all.
* A-1007 has no notes; A-1008 has no tickets.
* A-1009 has an e-mail note whose body contains prompt-injection text
  ("Ignore previous instructions and ...").
* A-1010 "Globex Corporation" renews 45 days after as-of with logins falling over the
  last 120 days; A-1011 "Initech" has an unresolved SSO sev1 and renews in 75 days.
* A-1001 to A-1004 are kept active: an ended term whose draw says churn is recorded as
  renewed, contracted or expanded instead (their indicators are still measured).
"""

from knowledge.demo.writer import DemoSummary, write_demo

__all__ = ["DemoSummary", "write_demo"]
