// Starts GOV.UK Frontend's components (no inline script: the Content-Security-Policy forbids it).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// Wide tables scroll inside their own region, so the page reflows at 320 px (WCAG 1.4.10).
// A table too wide for the page becomes a labelled, keyboard-focusable region (named by its
// caption), so keyboard users can scroll it too.
function fitTables() {
  document.querySelectorAll("table.govuk-table").forEach((table) => {
    let wrapper = table.parentElement;
    if (!wrapper.classList.contains("iro-table-scroll")) {
      wrapper = document.createElement("div");
      wrapper.className = "iro-table-scroll";
      table.parentNode.insertBefore(wrapper, table);
      wrapper.appendChild(table);
    }
    const wide = wrapper.scrollWidth > wrapper.clientWidth + 1;
    if (wide && !wrapper.hasAttribute("role")) {
      const caption = table.querySelector("caption");
      const name = caption ? caption.textContent.trim().replace(/\s+/g, " ") : "";
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("aria-label", `${name || "Table"} (scrolls sideways)`);
    } else if (!wide && wrapper.hasAttribute("role")) {
      wrapper.removeAttribute("role");
      wrapper.removeAttribute("tabindex");
      wrapper.removeAttribute("aria-label");
    }
  });
}

fitTables();
window.addEventListener("resize", fitTables);
