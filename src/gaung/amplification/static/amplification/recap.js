// Amplification recap chart (Apache ECharts): sudah / kurang / belum / tanpa akun per unit.
// The page embeds the data with json_script and marks the container with data-chart /
// data-source, so no inline script is needed (CSP). Clicking a unit's bar drills down to it.
(function () {
  "use strict";

  const locale = document.documentElement.lang === "en" ? "en" : "id-ID";
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const count = (value) => whole.format(value);
  // Tooltips are HTML: unit names come from users, so they are escaped.
  const escape = (text) =>
    String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const statuses = [
    ["sudah", "#2fb344"],
    ["kurang", "#f59f00"],
    ["belum", "#d63939"],
    ["tanpa_akun", "#9ba9be"],
  ];

  function read(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  const labels = read("chart-labels") || {};

  function emptyChart() {
    return {
      title: {
        text: labels.empty || "",
        left: "center",
        top: "middle",
        textStyle: { color: "#667382", fontSize: 14, fontWeight: "normal" },
      },
    };
  }

  const builders = {
    status(data, element) {
      if (!data.labels.length) return emptyChart();
      // On a phone the unit names get a third of the width, the bars the rest.
      const labelWidth = Math.min(160, Math.round(element.clientWidth * 0.35));
      return {
        color: statuses.map(([, color]) => color),
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0, type: "scroll" },
        tooltip: {
          trigger: "axis",
          axisPointer: { type: "shadow" },
          formatter(params) {
            const i = params[0].dataIndex;
            const assigned = statuses.reduce((sum, [key]) => sum + data[key][i], 0);
            const lines = params.map(
              (p) => `${p.marker}${escape(p.seriesName)}: ${count(p.value)}`
            );
            return `<strong>${escape(data.labels[i])}</strong><br>${escape(
              labels.assigned
            )}: ${count(assigned)}<br>${lines.join("<br>")}`;
          },
        },
        xAxis: { type: "value", minInterval: 1, axisLabel: { formatter: count } },
        yAxis: {
          type: "category",
          inverse: true,
          data: data.labels,
          axisLabel: { width: labelWidth, overflow: "truncate" },
        },
        series: statuses.map(([key]) => ({
          name: labels[key] || key,
          type: "bar",
          stack: "status",
          data: data[key],
          cursor: "pointer",
          emphasis: { focus: "series" },
        })),
      };
    },
  };

  function draw() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach((element) => {
      const build = builders[element.dataset.chart];
      const data = read(element.dataset.source);
      if (!build || !data) return;
      const chart = window.echarts.init(element);
      chart.setOption(build(data, element));
      chart.on("click", (params) => {
        const link = data.links && data.links[params.dataIndex];
        if (link) window.location.assign(link);
      });
      window.addEventListener("resize", () => chart.resize());
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
