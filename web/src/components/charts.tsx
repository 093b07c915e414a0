// Charts drawn as SVG by hand (no chart library): horizontal bars for plan against fact,
// a funnel, a plain bar list and the industry chart. Each chart is an image with a text
// label for screen readers; the pages show the same numbers in tables as well. No label
// is ever clipped: the layouts give labels the room their text needs, and ChartSvg widens
// the viewBox to whatever was drawn beyond it (a font wider than the estimate).

import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Box, FunnelStage, PlanFactRow } from '../lib/charts';
import { barLayout, fitBox, legendXs, niceMax, textWidth, ticks } from '../lib/charts';

const W = 720;
// The charts' text size in user units (styles.css: .chart { font-size: 13px }).
const FONT = 13;

// An SVG chart planned as `width` × `height` user units. After each render it measures
// its content and, where something was drawn outside that box, takes the box in: the
// chart scales down a little rather than cut a label off. role=img with `label` (the
// numbers in words) for screen readers; `title` is the tooltip.
function ChartSvg(props: { width: number; height: number; label: string; title: string; class?: string; children: ComponentChildren }) {
  const content = useRef<SVGGElement>(null);
  const [drawn, setDrawn] = useState<Box | null>(null);
  useLayoutEffect(() => {
    const g = content.current;
    if (!g || typeof g.getBBox !== 'function') return;
    const b = g.getBBox();
    const next = { x: b.x, y: b.y, width: b.width, height: b.height };
    if (!drawn || next.x !== drawn.x || next.y !== drawn.y || next.width !== drawn.width || next.height !== drawn.height) setDrawn(next);
  });
  const box = fitBox({ x: 0, y: 0, width: props.width, height: props.height }, drawn);
  return (
    <svg class={props.class ? `chart ${props.class}` : 'chart'} viewBox={`${box.x} ${box.y} ${box.width} ${box.height}`} role="img" aria-label={props.label}>
      <title>{props.title}</title>
      <g ref={content}>{props.children}</g>
    </svg>
  );
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function PlanFactChart(props: {
  rows: PlanFactRow[];
  nameOf: (id: string) => string;
  labels: { plan: string; fact: string; noPlan: string; title: string };
}) {
  const rowH = 30;
  const top = 28;
  const names = props.rows.map((r) => truncate(props.nameOf(r.employee_id), 24));
  const values = props.rows.map((r) =>
    r.planned > 0 ? `${r.fact} / ${r.planned} (${Math.round((r.share ?? 0) * 100)}%)` : `${r.fact} · ${props.labels.noPlan}`,
  );
  const { left, right } = barLayout(names, values, W, FONT);
  const max = niceMax(Math.max(1, ...props.rows.map((r) => Math.max(r.planned, r.fact))));
  const scale = (v: number) => ((W - left - right) * v) / max;
  const h = top + props.rows.length * rowH + 24;
  const summary = props.rows
    .map((r) => `${props.nameOf(r.employee_id)}: ${r.fact} / ${r.planned || props.labels.noPlan}`)
    .join('; ');
  const [planX, factX] = legendXs([props.labels.plan, props.labels.fact], FONT) as [number, number];
  return (
    <ChartSvg width={W} height={h} label={`${props.labels.title}. ${summary}`} title={props.labels.title}>
      <g class="legend" transform={`translate(${left},12)`}>
        <rect x={planX} y="-8" width="14" height="10" class="bar-plan" />
        <text x={planX + 20} y="1">{props.labels.plan}</text>
        <rect x={factX} y="-8" width="14" height="10" class="bar-fact" />
        <text x={factX + 20} y="1">{props.labels.fact}</text>
      </g>
      {ticks(max).map((v) => (
        <g key={v}>
          <line x1={left + scale(v)} x2={left + scale(v)} y1={top - 4} y2={h - 20} class="grid" />
          <text x={left + scale(v)} y={h - 6} class="tick" text-anchor="middle">
            {fmt(v)}
          </text>
        </g>
      ))}
      {props.rows.map((r, i) => {
        const y = top + i * rowH;
        const over = r.share != null && r.share >= 1;
        return (
          <g key={r.employee_id} data-employee={r.employee_id}>
            <text x={left - 8} y={y + 18} text-anchor="end" class="label">
              {names[i]}
            </text>
            {r.planned > 0 ? <rect x={left} y={y + 4} width={scale(r.planned)} height={rowH - 8} class="bar-plan" /> : null}
            <rect x={left} y={y + 9} width={Math.max(1, scale(r.fact))} height={rowH - 18} class={over ? 'bar-fact done' : 'bar-fact'} />
            <text x={W - right + 8} y={y + 18} class="value">
              {values[i]}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}

export function FunnelChart(props: { stages: FunnelStage[]; labelOf: (key: FunnelStage['key']) => string; title: string }) {
  const stageH = 40;
  const h = props.stages.length * stageH + 10;
  const max = Math.max(1, props.stages[0]?.count ?? 1);
  const labels = props.stages.map((s) => `${props.labelOf(s.key)} · ${max > 0 ? Math.round((100 * s.count) / max) : 0}%`);
  // The labels get the room their widest needs; the funnel takes the rest, up to 440 units.
  const labelGap = 24;
  const maxW = Math.max(240, Math.min(440, W - 10 - labelGap - 4 - Math.max(0, ...labels.map((l) => textWidth(l, FONT)))));
  const cx = 10 + maxW / 2;
  const widthOf = (c: number) => Math.max(24, (maxW * c) / max);
  const summary = props.stages.map((s) => `${props.labelOf(s.key)}: ${s.count}`).join('; ');
  return (
    <ChartSvg width={W} height={h} class="funnel" label={`${props.title}. ${summary}`} title={props.title}>
      {props.stages.map((s, i) => {
        const y = 5 + i * stageH;
        const w1 = widthOf(s.count);
        const next = props.stages[i + 1];
        const w2 = next ? widthOf(next.count) : w1 * 0.85;
        const points = [
          [cx - w1 / 2, y],
          [cx + w1 / 2, y],
          [cx + w2 / 2, y + stageH - 4],
          [cx - w2 / 2, y + stageH - 4],
        ]
          .map((p) => p.join(','))
          .join(' ');
        return (
          <g key={s.key} data-stage={s.key}>
            <polygon points={points} class={`funnel-${i}`} />
            <text x={cx} y={y + stageH / 2 + 3} text-anchor="middle" class="funnel-count">
              {s.count}
            </text>
            <text x={cx + maxW / 2 + labelGap} y={y + stageH / 2 + 3} class="label">
              {labels[i]}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}

export interface BarItem {
  key: string;
  label: string;
  value: number;
  text?: string;
}

export function BarList(props: { items: BarItem[]; title: string; max?: number; tone?: string }) {
  const rowH = 26;
  const names = props.items.map((item) => truncate(item.label, 34));
  const values = props.items.map((item) => item.text ?? fmt(item.value));
  const { left, right } = barLayout(names, values, W, FONT);
  const max = props.max ?? niceMax(Math.max(1, ...props.items.map((i) => i.value)));
  const h = props.items.length * rowH + 8;
  const scale = (v: number) => ((W - left - right) * Math.min(v, max)) / max;
  const summary = props.items.map((i) => `${i.label}: ${i.text ?? i.value}`).join('; ');
  return (
    <ChartSvg width={W} height={h} label={`${props.title}. ${summary}`} title={props.title}>
      {props.items.map((item, i) => {
        const y = 4 + i * rowH;
        return (
          <g key={item.key} data-key={item.key}>
            <text x={left - 8} y={y + 16} text-anchor="end" class="label">
              {names[i]}
            </text>
            <rect x={left} y={y + 4} width={Math.max(1, scale(item.value))} height={rowH - 8} class={props.tone ?? 'bar-fact'} />
            <text x={left + scale(item.value) + 8} y={y + 16} class="value">
              {values[i]}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}

export interface IndustryBar {
  industry: string;
  label: string;
  contacts: number;
  sales: number;
  positive: number;
  conversion: number;
}

// Per industry: contacts, positive outcomes and sales as grouped bars on one axis, the
// conversion (sales / contacts) as a dot on a 0..100% axis to the right.
export function IndustryChart(props: {
  rows: IndustryBar[];
  title: string;
  labels: { contacts: string; positive: string; sales: string; conversion: string };
}) {
  const groupH = 44;
  const left = 190;
  const barsW = 380;
  const convLeft = left + barsW + 44;
  const convW = W - convLeft - 20;
  const top = 34;
  const max = niceMax(Math.max(1, ...props.rows.map((r) => r.contacts)));
  const maxConv = niceMax(Math.max(0.01, ...props.rows.map((r) => r.conversion)));
  const scale = (v: number) => (barsW * v) / max;
  const h = top + props.rows.length * groupH + 26;
  const summary = props.rows
    .map((r) => `${r.label}: ${r.contacts} ${props.labels.contacts}, ${r.sales} ${props.labels.sales}, ${(r.conversion * 100).toFixed(1)}%`)
    .join('; ');
  const [contactsX, positiveX, salesX, afterX] = legendXs(
    [props.labels.contacts, props.labels.positive, props.labels.sales, ''],
    FONT,
  ) as [number, number, number, number];
  const convX = Math.max(convLeft - left, afterX);
  return (
    <ChartSvg width={W} height={h} label={`${props.title}. ${summary}`} title={props.title}>
      <g class="legend" transform={`translate(${left},14)`}>
        <rect x={contactsX} y="-8" width="14" height="10" class="bar-plan" />
        <text x={contactsX + 20} y="1">{props.labels.contacts}</text>
        <rect x={positiveX} y="-8" width="14" height="10" class="bar-positive" />
        <text x={positiveX + 20} y="1">{props.labels.positive}</text>
        <rect x={salesX} y="-8" width="14" height="10" class="bar-fact" />
        <text x={salesX + 20} y="1">{props.labels.sales}</text>
        <circle cx={convX + 7} cy="-3" r="5" class="dot" />
        <text x={convX + 18} y="1">
          {props.labels.conversion}
        </text>
      </g>
      {ticks(max).map((v) => (
        <g key={'t' + v}>
          <line x1={left + scale(v)} x2={left + scale(v)} y1={top - 6} y2={h - 20} class="grid" />
          <text x={left + scale(v)} y={h - 6} text-anchor="middle" class="tick">
            {fmt(v)}
          </text>
        </g>
      ))}
      {ticks(maxConv, 2).map((v) => (
        <g key={'c' + v}>
          <line x1={convLeft + (convW * v) / maxConv} x2={convLeft + (convW * v) / maxConv} y1={top - 6} y2={h - 20} class="grid" />
          <text x={convLeft + (convW * v) / maxConv} y={h - 6} text-anchor="middle" class="tick">
            {Math.round(v * 100)}%
          </text>
        </g>
      ))}
      {props.rows.map((r, i) => {
        const y = top + i * groupH;
        return (
          <g key={r.industry} data-industry={r.industry}>
            <text x={left - 8} y={y + 22} text-anchor="end" class="label">
              {truncate(r.label, 26)}
            </text>
            <rect x={left} y={y + 2} width={Math.max(1, scale(r.contacts))} height="12" class="bar-plan" />
            <rect x={left} y={y + 15} width={Math.max(1, scale(r.positive))} height="10" class="bar-positive" />
            <rect x={left} y={y + 26} width={Math.max(1, scale(r.sales))} height="10" class="bar-fact" />
            <circle cx={convLeft + (convW * Math.min(r.conversion, maxConv)) / maxConv} cy={y + 19} r="6" class="dot" />
          </g>
        );
      })}
    </ChartSvg>
  );
}
