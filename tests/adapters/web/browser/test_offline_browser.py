"""Installable and offline, on a phone: the service worker, logging with the network cut, sent once."""

from __future__ import annotations

from typing import Any

from tests.adapters.web.browser.conftest import Server, axe_violations, shot

PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

KEPT = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("twitchcheck-offline", 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction("entries").objectStore("entries").getAll();
    request.onsuccess = () => { open.result.close(); resolve(request.result); };
  };
})"""

RESEND = """entry => fetch(entry.action, {method: "POST", body: new URLSearchParams(entry.fields),
  credentials: "same-origin"}).then(response => response.status)"""


def _installed(browser: Any, server: Server) -> tuple[Any, Any]:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{server.url}/journal")
    worker = page.evaluate("() => navigator.serviceWorker.ready.then(r => r.active.scriptURL)")
    assert worker.endswith("/sw.js")
    page.reload()  # now the page is the service worker's
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")
    return context, page


def _sleep_events(page: Any, server: Server, hours: float) -> list[Any]:
    stored = page.request.get(f"{server.url}/api/v1/events").json()
    return [item for item in stored if item["event"]["type"] == "sleep" and item["event"]["hours"] == hours]


def _log_sleep(page: Any, hours: str) -> None:
    page.locator("#log-sleep summary").click()
    page.locator("#log-sleep-hours").fill(hours)
    page.get_by_role("button", name="Log sleep").click()


def test_the_manifest_is_valid_for_chromium(browser: Any, single_server: Server) -> None:
    context, page = _installed(browser, single_server)
    href = page.evaluate("() => document.querySelector('link[rel=manifest]').href")
    manifest = page.request.get(href).json()
    assert manifest["display"] == "standalone"
    # Chromium itself reads the manifest: its DevTools protocol reports no errors in it.
    session = context.new_cdp_session(page)
    found = session.send("Page.getAppManifest")
    assert found["url"].endswith("/manifest.webmanifest")
    assert [e for e in found["errors"] if e.get("critical")] == []
    context.close()


def test_logging_offline_is_kept_on_the_phone_and_sent_once_when_back_online(
    browser: Any, single_server: Server
) -> None:
    context, page = _installed(browser, single_server)
    context.set_offline(True)
    _log_sleep(page, "6.5")
    status = page.locator("#offline-status")
    status.get_by_text("this entry is kept on this device").wait_for()
    assert "1 entry is waiting to be sent." in status.inner_text()
    assert page.url.endswith("/journal")  # no browser error page
    shot(page, "phone-offline-kept")
    # A page opened offline says so plainly, not the browser's error.
    other = context.new_page()
    other.goto(f"{single_server.url}/status")
    other.get_by_text("You are offline: what you log is kept on this phone").wait_for()
    other.get_by_text("1 entry is waiting to be sent.").wait_for()
    shot(other, "phone-offline-page")
    other.close()
    assert _sleep_events_offline_safe(page) == 1
    context.set_offline(False)
    status.get_by_text("was sent to your journal").wait_for()
    shot(page, "phone-offline-sent")
    assert page.evaluate(KEPT) == []
    assert len(_sleep_events(page, single_server, 6.5)) == 1
    page.reload()
    assert page.get_by_text("Sleep 6.5").count() + page.get_by_text("6.5 h").count() >= 1
    context.close()


def _sleep_events_offline_safe(page: Any) -> int:
    """How many entries the phone keeps (read from IndexedDB: no network needed)."""
    return len(page.evaluate(KEPT))


def test_the_same_kept_form_sent_twice_is_one_event(browser: Any, single_server: Server) -> None:
    context, page = _installed(browser, single_server)
    context.set_offline(True)
    _log_sleep(page, "5.5")
    page.locator("#offline-status").get_by_text("kept on this device").wait_for()
    (entry,) = page.evaluate(KEPT)
    context.set_offline(False)
    page.locator("#offline-status").get_by_text("was sent to your journal").wait_for()
    # The connection dropped after the server stored it, and the phone sends it again: still one event.
    assert page.evaluate(RESEND, entry) == 200
    assert page.evaluate(RESEND, entry) == 200
    assert len(_sleep_events(page, single_server, 5.5)) == 1
    context.close()


def test_a_kept_entry_the_server_refuses_stays_with_its_message(browser: Any, single_server: Server) -> None:
    context, page = _installed(browser, single_server)
    context.set_offline(True)
    _log_sleep(page, "30")  # more hours than a day has: the server says so by the field
    page.locator("#offline-status").get_by_text("kept on this device").wait_for()
    context.set_offline(False)
    status = page.locator("#offline-status")
    status.get_by_text("was not logged").wait_for()
    assert "Hours slept" in status.inner_text()
    assert "still kept on this device" in status.inner_text()
    assert len(page.evaluate(KEPT)) == 1
    shot(page, "phone-offline-refused")
    # The person puts it back in its form, corrects it and logs it.
    status.get_by_role("button", name="Put it back in the form to correct it").click()
    assert page.locator("#log-sleep-hours").input_value() == "30"
    assert page.evaluate(KEPT) == []
    page.locator("#log-sleep-hours").fill("3")
    page.get_by_role("button", name="Log sleep").click()
    page.get_by_text("Logged.").wait_for()
    assert len(_sleep_events(page, single_server, 3)) == 1
    context.close()


STALE = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("twitchcheck-offline", 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction("entries", "readwrite");
    const store = tx.objectStore("entries");
    store.getAll().onsuccess = (event) => {
      for (const entry of event.target.result) {
        entry.fields = entry.fields.map(([name, value]) => [name, name === "csrf_token" ? "stale" : value]);
        store.put(entry);
      }
    };
    tx.oncomplete = () => { open.result.close(); resolve(); };
  };
})"""


def test_a_kept_entry_with_a_stale_csrf_token_is_sent_with_a_fresh_one(
    browser: Any, single_server: Server
) -> None:
    context, page = _installed(browser, single_server)
    context.set_offline(True)
    _log_sleep(page, "4.5")
    page.locator("#offline-status").get_by_text("kept on this device").wait_for()
    page.evaluate(STALE)  # as if the session's token had changed while the entry waited
    (entry,) = page.evaluate(KEPT)
    assert ["csrf_token", "stale"] in entry["fields"]
    context.set_offline(False)
    page.locator("#offline-status").get_by_text("was sent to your journal").wait_for()
    assert page.evaluate(KEPT) == []
    assert len(_sleep_events(page, single_server, 4.5)) == 1
    context.close()


def test_the_offline_page_is_accessible(browser: Any, single_server: Server) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{single_server.url}/offline")
    assert page.get_by_role("button", name="Log today").count() == 1  # with the check-in form
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    context.close()


def _twitches_noted(page: Any, server: Server, note: str) -> list[Any]:
    stored = page.request.get(f"{server.url}/api/v1/events").json()
    twitches = [item for item in stored if item["event"]["type"] == "twitch"]
    return [item for item in twitches if item["event"].get("note") == note]


def _check_in_offline(page: Any, server: Server, note: str) -> None:
    """Open /today without a network (the offline page answers, with the form) and log a twitch there."""
    page.goto(f"{server.url}/today")
    page.get_by_role("heading", name="You are offline").wait_for()
    today = page.evaluate("() => document.querySelector('form[action=\"/today\"] [name=day]').value")
    assert page.locator("#today-checkin").inner_text() == f"For {today}. Every question is optional."
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("group", name="Back of the body").locator("label", has_text="Calves").click()
    page.get_by_role("group", name="How much?").get_by_role("radio", name="3: moderate").check()
    page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Log today").click()
    page.locator("#offline-status").get_by_text("kept on this device").wait_for()
    assert page.locator("#offline-waiting").inner_text() == "1 entry is waiting to be sent."
    assert not page.get_by_role("radio", name="Yes").is_checked()  # the form is ready for another


def test_a_check_in_on_the_offline_page_is_kept_and_sent_once_when_back_online(
    browser: Any, single_server: Server
) -> None:
    context, page = _installed(browser, single_server)
    context.set_offline(True)
    _check_in_offline(page, single_server, "opened offline")
    assert page.url.endswith("/today")  # the offline page stood in for it, not the browser's error
    (entry,) = page.evaluate(KEPT)
    assert entry["account"] == ""  # a single-user server: no account to tell apart
    assert ["csrf_token", ""] in entry["fields"]  # the offline page has no token; one is fetched to send
    shot(page, "phone-offline-page-checkin-kept")
    context.set_offline(False)
    page.goto(f"{single_server.url}/journal")
    page.locator("#offline-status").get_by_text("was sent to your journal").wait_for()
    assert page.evaluate(KEPT) == []
    (twitch,) = _twitches_noted(page, single_server, "opened offline")
    assert twitch["event"]["regions"] == ["calf"]
    assert twitch["event"]["severity"] == 3
    page.reload()  # the journal shows it, and nothing is sent again
    page.wait_for_function("() => document.documentElement.hasAttribute('data-offline-synced')")
    assert len(_twitches_noted(page, single_server, "opened offline")) == 1
    context.close()


def test_a_check_in_on_the_offline_page_goes_only_to_the_account_last_signed_in(
    browser: Any, accounts_server: Server
) -> None:
    from tests.adapters.web.browser.test_accounts_browser import _sign_in, _sign_out, _sign_up

    context = browser.new_context(**PHONE)
    page = context.new_page()
    _sign_up(page, accounts_server, "cleo@example.org")
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    _check_in_offline(page, accounts_server, "cleo offline")
    (entry,) = page.evaluate(KEPT)
    assert entry["account"] == "cleo@example.org"  # the offline page knows no one: the last account seen
    # Cleo's session ends on this phone (its cookie is gone) and someone else signs in: it stays on the phone.
    context.clear_cookies()
    context.set_offline(False)
    _sign_up(page, accounts_server, "dan@example.org")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-offline-synced')")
    assert len(page.evaluate(KEPT)) == 1
    assert _twitches_noted(page, accounts_server, "cleo offline") == []
    _sign_out(page)
    _sign_in(page, "cleo@example.org")
    page.get_by_role("heading", name="Journal").wait_for()
    page.locator("#offline-status").get_by_text("was sent to your journal").wait_for()
    assert len(_twitches_noted(page, accounts_server, "cleo offline")) == 1
    assert page.evaluate(KEPT) == []
    context.close()


def test_an_entry_kept_for_one_account_is_never_sent_into_another(
    browser: Any, accounts_server: Server
) -> None:
    from tests.adapters.web.browser.test_accounts_browser import _sign_in, _sign_out, _sign_up

    context = browser.new_context(**PHONE)
    page = context.new_page()
    _sign_up(page, accounts_server, "ana@example.org")
    context.set_offline(True)
    _log_sleep(page, "7.5")
    page.locator("#offline-status").get_by_text("kept on this device").wait_for()
    # Back online, but the journal cannot be reached yet: the entry stays on the phone.
    context.route("**/journal/log/**", lambda route: route.abort())
    context.set_offline(False)
    page.wait_for_function("() => navigator.onLine")
    page.reload()
    # The page's own attempt must be over before the journal is reachable again: otherwise it may still send
    # the entry, rightly, into Ana's journal while she is signed in.
    page.wait_for_function("() => document.documentElement.hasAttribute('data-offline-synced')")
    assert len(page.evaluate(KEPT)) == 1
    context.unroute("**/journal/log/**")
    # Someone else signs in on the same phone: Ana's entry is not sent into their journal.
    _sign_out(page)
    _sign_up(page, accounts_server, "ben@example.org")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-offline-synced')")
    assert len(page.evaluate(KEPT)) == 1
    assert _sleep_events(page, accounts_server, 7.5) == []
    _sign_out(page)
    _sign_in(page, "ana@example.org")
    page.get_by_role("heading", name="Journal").wait_for()
    page.locator("#offline-status").get_by_text("was sent to your journal").wait_for()
    assert len(_sleep_events(page, accounts_server, 7.5)) == 1
    assert page.evaluate(KEPT) == []
    context.close()
