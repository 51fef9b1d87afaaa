"""The site's icon, as production serves it (collected, hashed static files)."""

ICON = 'link[rel="icon"][type="image/svg+xml"]'


def test_the_site_and_the_admin_show_the_icon_and_favicon_ico_serves_it(page):
    for path in ("/accounts/login/", "/admin/login/"):
        page.goto(path)
        href = page.locator(ICON).get_attribute("href")
        icon = page.request.get(href)
        assert (icon.status, icon.headers["content-type"]) == (200, "image/svg+xml"), path

    favicon = page.request.get("/favicon.ico")

    assert favicon.status == 200
    assert favicon.url.endswith(href)  # the same hashed file, after a redirect
    assert favicon.headers["content-type"] == "image/svg+xml"
