package dev.strata.cli;

/**
 * The stylesheet of {@link ReviewHtml}'s page, inlined into it. Fonts are the reader's system fonts
 * (nothing is fetched); colours follow the verdicts: red for hazard and error, amber for caution
 * and warning, blue for info, green for safe. Badges keep their colours on paper.
 */
final class ReviewCss {
  private ReviewCss() {}

  static final String STYLE =
      """
      :root {
        --text: #1d2939; --muted: #667085; --line: #e4e7ec; --panel: #f9fafb;
        --red: #b42318; --red-bg: #fef3f2; --red-line: #fecdca;
        --amber: #b54708; --amber-bg: #fffaeb; --amber-line: #fedf89;
        --blue: #175cd3; --blue-bg: #eff8ff; --blue-line: #b2ddff;
        --green: #067647; --green-bg: #ecfdf3; --green-line: #abefc6;
        --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
      }
      * { box-sizing: border-box; }
      body {
        margin: 0; color: var(--text); background: #fff; line-height: 1.5; font-size: 15px;
        font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
          sans-serif;
      }
      header.page, main { max-width: 1120px; margin: 0 auto; padding: 0 32px; }
      header.page { padding-top: 32px; padding-bottom: 8px; }
      .kicker {
        margin: 0; color: var(--muted); font-size: 13px; font-weight: 600;
        letter-spacing: .06em; text-transform: uppercase;
      }
      h1 { margin: 4px 0 20px; font-size: 26px; line-height: 1.25; overflow-wrap: anywhere; }
      h2 { margin: 0 0 12px; font-size: 20px; overflow-wrap: anywhere; }
      h3 {
        margin: 24px 0 10px; font-size: 13px; color: var(--muted);
        letter-spacing: .06em; text-transform: uppercase;
      }
      code, pre { font-family: var(--mono); font-size: 13px; }
      a { color: var(--blue); text-decoration: none; }
      a:hover { text-decoration: underline; }
      .muted { color: var(--muted); }
      .totals { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 20px; }
      .total {
        min-width: 150px; padding: 12px 16px; border: 1px solid var(--line);
        border-radius: 8px; background: var(--panel);
      }
      .total .number { display: block; font-size: 28px; font-weight: 700; line-height: 1.2; }
      .total .label { color: var(--muted); font-size: 13px; }
      .total.error { border-color: var(--red-line); background: var(--red-bg); }
      .total.error .number { color: var(--red); }
      .total.warning { border-color: var(--amber-line); background: var(--amber-bg); }
      .total.warning .number { color: var(--amber); }
      .total.info { border-color: var(--blue-line); background: var(--blue-bg); }
      .total.info .number { color: var(--blue); }
      dl.facts, dl.answers {
        display: grid; grid-template-columns: max-content 1fr; gap: 6px 20px; margin: 0 0 16px;
      }
      dl.facts dt, dl.answers dt { font-weight: 600; }
      dl.facts dd, dl.answers dd { margin: 0; overflow-wrap: anywhere; }
      section { padding: 28px 0; border-top: 1px solid var(--line); }
      table { width: 100%; border-collapse: collapse; font-size: 14px; }
      th, td { padding: 8px 10px; border-bottom: 1px solid var(--line); text-align: left; }
      th {
        color: var(--muted); font-size: 12px; font-weight: 600;
        letter-spacing: .04em; text-transform: uppercase; background: var(--panel);
      }
      td { vertical-align: top; }
      .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      .summary td:first-child { overflow-wrap: anywhere; }
      .badge {
        display: inline-block; padding: 1px 9px; border-radius: 999px; border: 1px solid;
        font-size: 12px; font-weight: 600; letter-spacing: .03em; text-transform: uppercase;
        vertical-align: 2px;
        -webkit-print-color-adjust: exact; print-color-adjust: exact;
      }
      .badge.hazard, .badge.error {
        color: var(--red); background: var(--red-bg); border-color: var(--red-line);
      }
      .badge.caution, .badge.warning {
        color: var(--amber); background: var(--amber-bg); border-color: var(--amber-line);
      }
      .badge.info {
        color: var(--blue); background: var(--blue-bg); border-color: var(--blue-line);
      }
      .badge.safe {
        color: var(--green); background: var(--green-bg); border-color: var(--green-line);
      }
      .file { margin: -6px 0 12px; font-family: var(--mono); font-size: 13px; color: var(--muted); }
      .verdict { margin: 0; padding: 10px 14px; border-radius: 8px; border-left: 4px solid; }
      .verdict.hazard { background: var(--red-bg); border-color: var(--red); }
      .verdict.caution { background: var(--amber-bg); border-color: var(--amber); }
      .verdict.safe { background: var(--green-bg); border-color: var(--green); }
      .finding {
        margin: 0 0 12px; padding: 12px 16px; border: 1px solid var(--line);
        border-left: 4px solid var(--blue); border-radius: 8px;
      }
      .finding.error { border-left-color: var(--red); }
      .finding.warning { border-left-color: var(--amber); }
      .finding p { margin: 0 0 6px; }
      .finding-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; }
      .finding-head .code { font-weight: 600; }
      .location { font-family: var(--mono); font-size: 13px; color: var(--muted); }
      .evidence { margin-left: auto; font-size: 12px; color: var(--muted); }
      .finding .summary { font-weight: 600; }
      .fix-label {
        margin-top: 10px !important; font-size: 12px; font-weight: 600; color: var(--muted);
        text-transform: uppercase; letter-spacing: .04em;
      }
      pre {
        margin: 0; padding: 10px 12px; background: var(--panel); border: 1px solid var(--line);
        border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere;
      }
      .failure {
        padding: 12px 16px; border: 1px solid var(--red-line); background: var(--red-bg);
        border-radius: 8px; margin-bottom: 12px;
      }
      .failure p { margin: 0 0 8px; color: var(--red); font-weight: 600; }
      .failure pre { background: #fff; }
      .scroll { overflow-x: auto; }
      .statements .sql { width: 34%; overflow-wrap: anywhere; }
      .statements td { font-size: 13px; }
      .lock { margin-bottom: 4px; }
      .lock .mode { font-weight: 600; white-space: nowrap; }
      .tag {
        display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 4px;
        font-size: 11px; white-space: nowrap;
        background: var(--panel); border: 1px solid var(--line);
        -webkit-print-color-adjust: exact; print-color-adjust: exact;
      }
      .tag.existing {
        color: var(--amber); background: var(--amber-bg); border-color: var(--amber-line);
      }
      .tag.blocks { color: var(--red); background: var(--red-bg); border-color: var(--red-line); }
      @media print {
        body { font-size: 10pt; }
        header.page, main { max-width: none; padding: 0; }
        section { padding: 14pt 0; }
        section.migration { break-before: page; }
        .finding, tr, .failure, dl { break-inside: avoid; }
        h2, h3 { break-after: avoid; }
        a { color: inherit; }
        .scroll { overflow: visible; }
      }
      """;
}
