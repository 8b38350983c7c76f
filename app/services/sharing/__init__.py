"""The inquiry's data, shared: the public shape of ideas, comments, themes and members
(the JSON API's and the webhooks'), webhooks, and the open-data downloads."""
