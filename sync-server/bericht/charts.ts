/** Charts with Apache ECharts (SVG renderer: sharp in print and in the PDF). Only what is used is bundled. */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { zahl } from '../../shared/format/zahlen';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, SVGRenderer]);

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

/**
 * Ranking of areas (horizontal bars, highest on top, each with its value); suppressed areas listed
 * below the chart; `reference` (the Kreis) as a dashed line with its value.
 */
export function rankingChart(host: HTMLElement, title: string, items: { name: string; value: number }[], stellen = 1, reference?: { name: string; value: number }): void {
  const sorted = [...items].sort((a, b) => a.value - b.value);
  const top = sorted[sorted.length - 1];
  const low = sorted[0];
  const ref = reference ? ` Gestrichelte Linie: ${reference.name} ${fmt(reference.value, stellen)}.` : '';
  const description = top && low
    ? `${title}: ${sorted.length} Gebiete, höchster Wert ${top.name} ${fmt(top.value, stellen)}, niedrigster ${low.name} ${fmt(low.value, stellen)}.${ref} Alle Werte stehen in der Tabelle.`
    : `${title}: keine veröffentlichten Werte.`;
  chart(host, Math.max(240, 14 * sorted.length + 60), description).setOption({
    animation: false,
    title: { text: title, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt(v, stellen) : '.') },
    grid: { left: 160, right: 60, top: 30, bottom: 20 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: sorted.map((s) => s.name), axisLabel: { fontSize: 10 } },
    series: [{
      type: 'bar',
      data: sorted.map((s) => s.value),
      itemStyle: { color: '#2c7fb8' },
      label: { show: true, position: 'right', fontSize: 9, color: '#222', formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? fmt(p.value, stellen) : '.') },
      ...(reference ? { markLine: { symbol: 'none', silent: true, lineStyle: { color: '#b2182b', type: 'dashed', width: 1.5 }, label: { formatter: `${reference.name}: ${fmt(reference.value, stellen)}`, color: '#b2182b', position: 'end' }, data: [{ xAxis: reference.value }] } } : {}),
    }],
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

/**
 * Age structure: the Kreis's age groups per year of age (altersaufbau.ts), no sex split in the
 * catalogue, so one-sided bars; the values are printed on the bars.
 */
export function agePyramid(host: HTMLElement, title: string, groups: string[], values: (number | null)[]): void {
  const val = (v: number | null | undefined) => (v === null || v === undefined ? '.' : `${fmt(v, 2)} %`);
  const description = `${title}: ${groups.map((g, i) => `${g} ${val(values[i])}`).join(', ')}.`;
  chart(host, 340, description).setOption({
    animation: false,
    title: { text: title, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${fmt(v, 2)} % je Altersjahr` : '.') },
    grid: { left: 60, right: 60, top: 40, bottom: 20 },
    xAxis: { type: 'value', name: '% je Jahr' },
    yAxis: { type: 'category', data: groups },
    series: [{ type: 'bar', data: values, itemStyle: { color: '#41b6c4' }, label: { show: true, position: 'right', fontSize: 9, color: '#222', formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? fmt(p.value, 2) : '.') } }],
  });
}
