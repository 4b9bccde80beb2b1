// The content calendar (FullCalendar's standard bundle, global build). The page hands over its
// settings with json_script, so no inline script is needed (CSP).
//
// FullCalendar runs in UTC mode: the server sends wall-clock times of the user's zone without
// an offset, so a Date's UTC fields are that wall clock and are sent back the same way.
(function () {
  "use strict";

  function read(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function wallClock(date) {
    return date.toISOString().slice(0, 19);
  }

  function start() {
    const element = document.getElementById("content-calendar");
    const config = read("calendar-config");
    if (!element || !config || !window.FullCalendar) return;
    const form = document.getElementById("calendar-filters");
    const status = document.getElementById("calendar-status");
    const csrf = document.querySelector('meta[name="csrf-token"]').content;
    const offset = config.offsetMinutes * 60000;
    const narrow = window.matchMedia("(max-width: 767.98px)").matches;

    function say(message, kind) {
      if (!status) return;
      status.textContent = message || "";
      status.className = message ? `alert alert-${kind} py-2` : "d-none";
    }

    function filters() {
      const params = {};
      if (!form) return params;
      new FormData(form).forEach((value, key) => {
        if (value) params[key] = value;
      });
      return params;
    }

    function remember(view) {
      // The filters, view and shown date live in the query string: a reload or a shared
      // link opens the same calendar.
      const params = new URLSearchParams(filters());
      params.set("view", view.type);
      params.set("date", wallClock(view.currentStart).slice(0, 10));
      window.history.replaceState(null, "", `${window.location.pathname}?${params}`);
    }

    async function move(info) {
      const url = info.event.extendedProps.moveUrl;
      if (!url) {
        info.revert();
        return;
      }
      say(config.labels.moving, "info");
      try {
        const response = await fetch(url, {
          method: "POST",
          credentials: "same-origin",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            "X-CSRFToken": csrf,
          },
          body: JSON.stringify({ planned_at: wallClock(info.event.start) }),
        });
        const body = await response.json().catch(() => ({}));
        if (!response.ok) {
          info.revert();
          say(body.error || config.labels.moveFailed, "danger");
          return;
        }
        say(body.message, "success");
      } catch (error) {
        info.revert();
        say(config.labels.moveFailed, "danger");
      }
    }

    function decorate(info) {
      const props = info.event.extendedProps;
      const details = [props.stateLabel, props.unit, ...(props.accounts || [])];
      info.el.title = `${info.event.title} · ${details.filter(Boolean).join(" · ")}`;
      info.el.dataset.state = props.state;
      info.el.dataset.entry = info.event.id;
      if (info.view.type.startsWith("list")) {
        const title = info.el.querySelector(".fc-list-event-title");
        if (title) {
          const badge = document.createElement("span");
          badge.className = "badge bg-secondary-lt ms-2";
          badge.textContent = props.stateLabel;
          title.append(badge);
        }
      }
    }

    const calendar = new window.FullCalendar.Calendar(element, {
      timeZone: "UTC",
      now: () => new Date(Date.now() + offset),
      locale: config.locale,
      firstDay: 1,
      initialView: config.view || (narrow ? "listMonth" : "dayGridMonth"),
      initialDate: config.date || undefined,
      // On a phone the title gets the top row and the view buttons a row of their own.
      headerToolbar: narrow
        ? { left: "prev", center: "title", right: "next" }
        : { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listMonth" },
      footerToolbar: narrow ? { left: "today", right: "dayGridMonth,timeGridWeek,listMonth" } : false,
      buttonText: config.buttons,
      allDayText: config.labels.allDay,
      noEventsText: config.labels.noEvents,
      height: "auto",
      dayMaxEvents: 4,
      // Coloured blocks, so the status shows at a glance in the month view too.
      eventDisplay: "block",
      navLinks: true,
      navLinkDayClick: (date) => calendar.changeView("timeGridWeek", date),
      nowIndicator: true,
      eventTimeFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
      slotLabelFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
      // Only the start moves; a timed item cannot become an all-day one.
      eventDurationEditable: false,
      eventAllow: (drop, event) => !drop.allDay || event.allDay,
      longPressDelay: 400,
      events: {
        url: config.eventsUrl,
        extraParams: filters,
        failure: () => say(config.labels.loadFailed, "danger"),
      },
      eventDrop: move,
      eventDidMount: decorate,
      datesSet: (info) => remember(info.view),
    });
    calendar.render();

    if (form) {
      // Filtering refetches in place; without JavaScript the form reloads the page.
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        calendar.refetchEvents();
        remember(calendar.view);
      });
      form.addEventListener("change", () => {
        calendar.refetchEvents();
        remember(calendar.view);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
