// Strategy board charts (Apache ECharts). The page embeds each chart's data with json_script
// and marks its container with data-chart / data-source (CSP: no inline script).
(function () {
  "use strict";

  const locale = document.documentElement.lang === "en" ? "en" : "id-ID";
  const oneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = (value) => (value === null || value === undefined ? "–" : `${oneDecimal.format(value)} %`);
  const colours = { target: "#9ba9be", planned: "#206bc4", published: "#2fb344", minimum: "#d63939" };

  function read(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  const labels = read("chart-labels") || {};

  function empty() {
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
    mix(data) {
      const anything = [...data.target, ...data.planned, ...data.published].some((v) => v !== null);
      if (!anything) return empty();
      return {
        grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: percent },
        xAxis: {
          type: "category",
          data: data.labels,
          axisLabel: { interval: 0, width: 72, overflow: "break", lineHeight: 14, margin: 10 },
        },
        yAxis: { type: "value", max: 100, axisLabel: { formatter: (value) => `${value} %` } },
        series: ["target", "planned", "published"].map((key) => ({
          name: labels[key],
          type: "bar",
          itemStyle: { color: colours[key] },
          data: data[key],
        })),
      };
    },

    weeks(data) {
      return {
        grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: { type: "category", data: data.labels },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          {
            name: labels.planned,
            type: "bar",
            itemStyle: { color: colours.planned },
            data: data.planned,
            markLine: {
              symbol: "none",
              lineStyle: { color: colours.minimum, type: "dashed" },
              label: { formatter: `${labels.minimum}: ${data.minimum}` },
              data: [{ yAxis: data.minimum }],
            },
          },
          {
            name: labels.published,
            type: "bar",
            itemStyle: { color: colours.published },
            data: data.published,
          },
        ],
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
      chart.setOption(build(data));
      window.addEventListener("resize", () => chart.resize());
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
