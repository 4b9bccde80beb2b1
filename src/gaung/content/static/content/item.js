// The content item form: live caption counters, and the accounts and captions that fit the
// chosen unit. Wired by data attributes, so the template holds no inline script (CSP).
(function () {
  "use strict";

  // The same rules as platform_rules.caption_counts: characters are code points (Python's
  // len, so an emoji counts once), and a hashtag is "#" and word characters not preceded by
  // one (Python's \w: letters, digits of every script, and the underscore).
  const HASHTAG = /(?<![\p{L}\p{N}_#])#[\p{L}\p{N}_]+/gu;

  function counts(text) {
    const normalised = text.replace(/\r\n?/g, "\n");
    return {
      characters: Array.from(normalised).length,
      hashtags: (normalised.match(HASHTAG) || []).length,
    };
  }

  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function show(counter, warning, value, maximum) {
    if (!counter) return;
    const over = maximum !== null && value > maximum;
    const number = counter.querySelector("[data-count]");
    if (number) number.textContent = numbers.format(value);
    counter.classList.toggle("text-danger", over);
    counter.classList.toggle("fw-bold", over);
    counter.classList.toggle("text-secondary", !over);
    if (warning) warning.hidden = !over;
  }

  function limit(area, name) {
    const value = area.dataset[name];
    return value === undefined ? null : Number(value);
  }

  function update(area) {
    const block = area.closest("[data-caption-block]");
    if (!block) return;
    const found = counts(area.value);
    show(
      block.querySelector("[data-counter=characters]"),
      block.querySelector("[data-warning=characters]"),
      found.characters,
      limit(area, "captionMax"),
    );
    show(
      block.querySelector("[data-counter=hashtags]"),
      block.querySelector("[data-warning=hashtags]"),
      found.hashtags,
      limit(area, "hashtagsMax"),
    );
  }

  function related(accountPath, unitPath) {
    return accountPath.startsWith(unitPath) || unitPath.startsWith(accountPath);
  }

  // Accounts of other units are hidden (and unticked); captions show for the ticked
  // accounts' platforms, and always when they hold text.
  function fit(form) {
    const unit = form.querySelector("select[name=unit]");
    const option = unit && unit.selectedOptions[0];
    const unitPath = option ? option.dataset.path || "" : "";
    const platforms = new Set();
    form.querySelectorAll("input[data-unit-path]").forEach((box) => {
      const fits = !unitPath || related(box.dataset.unitPath, unitPath);
      const label = box.closest("[data-account-option]");
      if (label) label.hidden = !fits;
      if (!fits) box.checked = false;
      if (box.checked) platforms.add(box.dataset.platform);
    });
    form.querySelectorAll("[data-caption-block]").forEach((block) => {
      const area = block.querySelector("textarea");
      const platform = block.dataset.captionBlock;
      block.hidden = platforms.size > 0 && !platforms.has(platform) && !(area && area.value);
    });
  }

  function start() {
    const form = document.querySelector("[data-item-form]");
    if (!form) return;
    form.querySelectorAll("textarea[data-caption]").forEach(update);
    fit(form);
    form.addEventListener("input", (event) => {
      if (event.target.matches("textarea[data-caption]")) update(event.target);
    });
    form.addEventListener("change", (event) => {
      if (event.target.matches("select[name=unit], input[data-unit-path]")) fit(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
