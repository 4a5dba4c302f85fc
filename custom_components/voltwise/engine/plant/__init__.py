"""Plant plans: daily plans (segments), week plans with priorities, defaults, overrides.

``model`` holds the data and its rules, ``edits`` every change (each validated whole),
``resolve`` what a plan says at an instant, ``codec`` the stored form.
"""
