// Starts GOV.UK Frontend's components (no inline script: the Content-Security-Policy forbids it).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// Wide tables scroll inside a labelled, keyboard-focusable region written by the server
// (web/macros.html scroll_region), so they need no script here.
