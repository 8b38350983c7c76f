"""Links in mail and feeds are written out in `app.links`; each must be a route the app
serves, under the name the templates use for it."""

from app.links import Links

ROUTES = {
    "home": ("home", {}),
    "login": ("login", {}),
    "idea": ("idea", {"idea_id": 7}),
    "theme": ("theme", {"slug": "sharing-resources"}),
    "round": ("round", {"slug": "leaders-on-less"}),
    "round_report": ("round_report", {"slug": "leaders-on-less"}),
    "notifications": ("notifications", {}),
    "report_queue": ("mod_flags", {}),
    "notification_settings": ("notification_settings", {}),
    "unsubscribe": ("unsubscribe", {"token": "abc.def"}),
    "verify_email": ("verify_email", {"token": "abc.def"}),
    "sign_in_link": ("sign_in_with_link", {"token": "abc"}),
    "sign_in_code": ("sign_in_code", {}),
    "password_reset": ("reset_password", {"token": "abc"}),
    "forgot_password": ("forgot_password", {}),
    "email_change": ("confirm_email_change", {"token": "abc"}),
    "account_delete": ("account_delete_link", {"token": "abc"}),
    "data_download": ("data_download", {"token": "abc"}),
    "data_settings": ("data_settings", {}),
    "feed": ("ideas_feed", {}),
    "theme_feed": ("theme_feed", {"slug": "sharing-resources"}),
    "idea_feed": ("idea_feed", {"idea_id": 7}),
    "setup": ("setup", {"token": "abc.def"}),
}


def test_every_link_in_mail_is_a_route_of_the_app(app, settings):
    links = Links(settings)
    methods = {name for name in vars(Links) if not name.startswith("_")}

    assert methods == set(ROUTES)
    for method, (route, params) in ROUTES.items():
        built = getattr(links, method)(*params.values())
        assert built == "http://testserver" + app.url_path_for(route, **params), method


def test_a_comment_link_points_into_the_debate(settings):
    assert Links(settings).idea(7, comment_id=3) == "http://testserver/ideas/7#comment-3"
