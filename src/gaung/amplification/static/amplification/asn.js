// The ASN's campaign page: copy buttons, the Web Share button, and the proof form.
// Wired by data attributes, so the template holds no inline script (CSP).
(function () {
  "use strict";

  // The Clipboard API needs HTTPS; an install reached over plain HTTP falls back to a
  // hidden textarea and execCommand, which every phone browser still supports.
  function copyByTextarea(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    area.setSelectionRange(0, text.length);
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    area.remove();
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).catch(() => copyByTextarea(text));
      return;
    }
    copyByTextarea(text);
  }

  function sourceText(selector) {
    const source = document.querySelector(selector);
    if (!source) return "";
    return "value" in source ? source.value : source.textContent;
  }

  function announce(message) {
    const status = document.querySelector("[data-copy-status]");
    if (!status || !message) return;
    status.textContent = message;
    window.clearTimeout(announce.timer);
    announce.timer = window.setTimeout(() => {
      status.textContent = "";
    }, 4000);
  }

  document.addEventListener("click", (event) => {
    const copier = event.target.closest("[data-copy-from]");
    if (copier) {
      copy(sourceText(copier.dataset.copyFrom));
      announce(copier.dataset.copied);
      // A link (copy the caption, then open the app) still opens; a button only copies.
      if (copier.tagName === "BUTTON") event.preventDefault();
    }

    const sharer = event.target.closest("[data-web-share]");
    if (sharer && navigator.share) {
      event.preventDefault();
      navigator
        .share({
          title: sharer.dataset.shareTitle,
          text: sharer.dataset.shareText,
          url: sharer.dataset.shareUrl,
        })
        .catch(() => {}); // the person closed the share sheet
    }

    const target = event.target.closest("[data-proof-target]");
    const select = document.querySelector("#proof-form select[name=target]");
    if (target && select) {
      event.preventDefault();
      select.value = target.dataset.proofTarget;
      select.closest("form").scrollIntoView({ behavior: "smooth", block: "start" });
      select.focus({ preventScroll: true });
    }
  });

  // Show only the input of the chosen kind of proof (both show when scripts are off).
  function showChosenKind(form) {
    const chosen = form.querySelector("input[name=kind]:checked");
    form.querySelectorAll("[data-kind]").forEach((part) => {
      part.hidden = Boolean(chosen) && part.dataset.kind !== chosen.value;
    });
  }

  document.addEventListener("change", (event) => {
    if (event.target.matches("form[data-proof-form] input[name=kind]")) {
      showChosenKind(event.target.form);
    }
  });

  function setUp(root) {
    if (navigator.share) {
      root.querySelectorAll("[data-web-share-wrap]").forEach((wrap) => {
        wrap.classList.remove("d-none");
      });
    }
    root.querySelectorAll("form[data-proof-form]").forEach(showChosenKind);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => setUp(document));
  } else {
    setUp(document);
  }
  // The proof area is replaced after each proof sent with htmx.
  document.addEventListener("htmx:load", (event) => setUp(event.detail.elt));
})();
