/** Charts with Apache ECharts (SVG renderer: sharp in print and in the PDF). Only what is used is bundled. */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { zahl } from '../../shared/format/zahlen';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

const COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#999999', '#332288'];

const fmt = (v: number, stellen = 1) => zahl(v, stellen);

/**
 * ECharts' SVG has no name for screen readers (and its axis texts read as loose words). The chart box
 * becomes one image whose name says what the chart shows in words (WCAG 1.1.1); the mouse-only tooltip
 * inside is hidden with it.
 */
function chart(host: HTMLElement, height: number, description: string): echarts.ECharts {
  host.style.height = `${height}px`;
  host.setAttribute('role', 'img');
  host.setAttribute('aria-label', description);
  return echarts.init(host, undefined, { renderer: 'svg' });
}

/** Ranking of areas (horizontal bars, highest on top); suppressed areas listed below the chart. */
export function rankingChart(host: HTMLElement, title: string, items: { name: string; value: number }[], stellen = 1): void {
  const sorted = [...items].sort((a, b) => a.value - b.value);
  const top = sorted[sorted.length - 1];
  const low = sorted[0];
  const description = top && low
    ? `${title}: ${sorted.length} Gebiete, höchster Wert ${top.name} ${fmt(top.value, stellen)}, niedrigster ${low.name} ${fmt(low.value, stellen)}. Alle Werte stehen in der Tabelle.`
    : `${title}: keine veröffentlichten Werte.`;
  chart(host, Math.max(240, 14 * sorted.length + 60), description).setOption({
    animation: false,
    title: { text: title, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt(v, stellen) : '.') },
    grid: { left: 160, right: 20, top: 30, bottom: 20 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: sorted.map((s) => s.name), axisLabel: { fontSize: 10 } },
    series: [{ type: 'bar', data: sorted.map((s) => s.value), itemStyle: { color: '#2c7fb8' } }],
  });
}

/** Time series per Stadt against the Kreis. null = gesperrt or missing (a gap in the line). */
export function timeSeriesChart(host: HTMLElement, title: string, periods: string[], series: { name: string; values: (number | null)[]; kreis?: boolean }[], stellen = 1): void {
  const first = periods[0];
  const last = periods[periods.length - 1];
  const val = (v: number | null | undefined) => (v === null || v === undefined ? '.' : fmt(v, stellen));
  const description = `${title}. ${series.map((s) => `${s.name}: ${first} ${val(s.values[0])}, ${last} ${val(s.values[s.values.length - 1])}`).join('; ')}.`;
  chart(host, 320, description).setOption({
    animation: false,
    color: COLORS,
    title: { text: title, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt(v, stellen) : '.') },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 50, right: 20, top: 30, bottom: 50 },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', scale: true },
    series: series.map((s) => ({ type: 'line', name: s.name, data: s.values, connectNulls: false, lineStyle: { width: s.kreis ? 4 : 1.5, type: s.kreis ? 'solid' : 'solid' }, symbolSize: s.kreis ? 8 : 4 })),
  });
}

/** Age pyramid: the Kreis's age groups as shares (%), no sex split in the catalogue, so one-sided bars. */
export function agePyramid(host: HTMLElement, title: string, groups: string[], values: (number | null)[]): void {
  const description = `${title}: ${groups.map((g, i) => `${g} ${values[i] === null || values[i] === undefined ? '.' : `${fmt(values[i]!)} %`}`).join(', ')}.`;
  chart(host, 320, description).setOption({
    animation: false,
    title: { text: title, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${fmt(v)} %` : '.') },
    grid: { left: 90, right: 20, top: 30, bottom: 20 },
    xAxis: { type: 'value', name: '%' },
    yAxis: { type: 'category', data: groups },
    series: [{ type: 'bar', data: values, itemStyle: { color: '#41b6c4' } }],
  });
}
