// Compilation charts (Apache ECharts). The page embeds each chart's data with json_script and
// marks its container with data-chart / data-source, so no inline script is needed (CSP).
(function () {
  "use strict";

  const locale = document.documentElement.lang === "en" ? "en" : "id-ID";
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const percent = (value) => `${oneDecimal.format(value)} %`;
  const count = (value) => whole.format(value);
  // Tooltips are HTML: names come from users, so they are escaped.
  const escape = (text) =>
    String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const palette = ["#206bc4", "#d63939", "#f59f00", "#2fb344", "#ae3ec9", "#17a2b8"];

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
    coverage(data) {
      if (!data.labels.length) return emptyChart();
      return {
        color: palette,
        grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
        tooltip: {
          trigger: "axis",
          axisPointer: { type: "shadow" },
          formatter(params) {
            const i = params[0].dataIndex;
            return `<strong>${escape(data.names[i])}</strong><br>${labels.coverage}: ${percent(
              data.coverage[i]
            )}<br>${labels.with_account}: ${count(data.with_account[i])} / ${count(
              data.employees[i]
            )}`;
          },
        },
        xAxis: {
          type: "value",
          max: 100,
          axisLabel: { formatter: (value) => `${count(value)} %` },
        },
        yAxis: {
          type: "category",
          inverse: true,
          data: data.labels,
          axisLabel: { width: 180, overflow: "truncate" },
        },
        series: [
          {
            name: labels.coverage,
            type: "bar",
            data: data.coverage,
            label: { show: true, position: "right", formatter: (p) => percent(p.value) },
          },
        ],
      };
    },

    platforms(data) {
      if (!data.labels.length) return emptyChart();
      return {
        color: palette,
        tooltip: {
          trigger: "item",
          formatter(p) {
            const i = p.dataIndex;
            return `<strong>${escape(p.name)}</strong><br>${labels.accounts}: ${count(
              data.accounts[i]
            )} (${percent(p.percent)})<br>${labels.followers}: ${count(data.followers[i])}`;
          },
        },
        legend: { bottom: 0, type: "scroll" },
        series: [
          {
            name: labels.accounts,
            type: "pie",
            radius: ["40%", "68%"],
            center: ["50%", "45%"],
            // Thin slices (Threads, X) would print over each other: the legend names them.
            minShowLabelAngle: 12,
            label: { formatter: (p) => `${p.name}\n${count(p.value)}` },
            data: data.labels.map((name, i) => ({ name, value: data.accounts[i] })),
          },
        ],
      };
    },

    growth(data) {
      if (!data.labels.length) return emptyChart();
      return {
        color: palette,
        grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: {
          trigger: "axis",
          formatter(params) {
            const i = params[0].dataIndex;
            return `<strong>${escape(data.labels[i])}</strong><br>${labels.with_account}: ${count(
              data.with_account[i]
            )}<br>${labels.coverage}: ${percent(data.coverage[i])}<br>${
              labels.followers
            }: ${count(data.followers[i])}`;
          },
        },
        xAxis: { type: "category", data: data.labels },
        yAxis: [
          { type: "value", axisLabel: { formatter: (value) => count(value) } },
          {
            type: "value",
            max: 100,
            splitLine: { show: false },
            axisLabel: { formatter: (value) => `${count(value)} %` },
          },
        ],
        series: [
          {
            name: labels.with_account,
            type: "bar",
            data: data.with_account.map((value, i) => ({
              value,
              itemStyle: data.current[i] ? { color: "#1a5fb4" } : { color: "#90b4e6" },
            })),
          },
          {
            name: labels.coverage,
            type: "line",
            yAxisIndex: 1,
            data: data.coverage,
            label: { show: true, formatter: (p) => percent(p.value) },
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
