/** The page's stylesheet (inlined): light and dark, system fonts, nothing fetched. */
export const STYLE = `
:root{--bg:#f6f7fb;--card:#fff;--ink:#1d2433;--muted:#5d6677;--line:#e3e6ee;--accent:#2f6fde;--pass:#1f9d55;--fixed:#2b8a9e;--reject:#d64545;--warn:#c77c02;--row:34px;--shadow:0 1px 2px rgba(20,30,60,.06),0 4px 16px rgba(20,30,60,.06);color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#12151c;--card:#1a1f29;--ink:#e6e9f0;--muted:#9aa3b5;--line:#2b3240;--accent:#7aa5ff;--pass:#4cc38a;--fixed:#4fb3c8;--reject:#ff6b6b;--warn:#f0b429;--shadow:none}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header.top{padding:20px 28px 8px;display:flex;flex-wrap:wrap;align-items:baseline;gap:8px 18px}
header.top h1{font-size:20px;margin:0;font-weight:650;letter-spacing:-.01em}
header.top .meta{color:var(--muted);font-size:13px}
main{padding:0 28px 40px;max-width:1500px;margin:0 auto}
section{margin-top:18px}
h2{font-size:15px;margin:0 0 10px;font-weight:650}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 18px;box-shadow:var(--shadow)}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:12px 16px;box-shadow:var(--shadow)}
.kpi .n{font-size:26px;font-weight:700;font-variant-numeric:tabular-nums;letter-spacing:-.02em}
.kpi .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.06em}
.kpi.pass .n{color:var(--pass)}.kpi.fixed .n{color:var(--fixed)}.kpi.reject .n{color:var(--reject)}
.stack{display:flex;height:10px;border-radius:6px;overflow:hidden;margin-top:12px;background:var(--line)}
.stack span{display:block}.stack .pass{background:var(--pass)}.stack .fixed{background:var(--fixed)}.stack .reject{background:var(--reject)}
.grid2{display:grid;grid-template-columns:minmax(300px,1fr) minmax(300px,1fr);gap:14px}
@media (max-width:900px){.grid2{grid-template-columns:1fr}}
.rules{list-style:none;margin:0;padding:0}
.rules li{display:grid;grid-template-columns:170px 1fr 70px;align-items:center;gap:10px;padding:3px 0}
.rules button{all:unset;cursor:pointer;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px;color:var(--accent)}
.rules button:focus-visible{outline:2px solid var(--accent);outline-offset:2px;border-radius:3px}
.rbar{display:flex;height:12px;border-radius:4px;overflow:hidden;background:transparent}
.rbar .e{background:var(--reject)}.rbar .w{background:var(--warn)}
.rules .c{color:var(--muted);font-variant-numeric:tabular-nums;font-size:12.5px;text-align:right}
.uploads{display:flex;flex-wrap:wrap;gap:8px 22px}.uploads b{font-variant-numeric:tabular-nums}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:14px}
.chart h3{font-size:13.5px;margin:0 0 4px;font-weight:600}
svg.hist{width:100%;height:auto;display:block}
svg .bar{fill:var(--accent);opacity:.8;cursor:pointer}svg .bar:hover{opacity:1}
svg .axis{stroke:var(--muted);stroke-width:1}svg .grid{stroke:var(--line);stroke-dasharray:2 3}
svg .tick,svg .axis-unit{fill:var(--muted);font-size:10px}
svg .limit{stroke-width:1.6;stroke-dasharray:4 3}svg .limit.error{stroke:var(--reject)}svg .limit.warning{stroke:var(--warn)}
svg .limit-label{font-size:10px;font-weight:600}svg .limit-label.error{fill:var(--reject)}svg .limit-label.warning{fill:var(--warn)}
details.numbers{margin-top:4px;font-size:12.5px}details.numbers summary{cursor:pointer;color:var(--muted)}
details.numbers table,table.plain{border-collapse:collapse;margin-top:6px}
details.numbers td,details.numbers th,table.plain td,table.plain th{padding:2px 10px 2px 0;text-align:left;font-variant-numeric:tabular-nums}
table.plain th{color:var(--muted);font-weight:600;font-size:12px}
button.link{all:unset;color:var(--accent);cursor:pointer;text-decoration:underline}button.link:focus-visible{outline:2px solid var(--accent)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.note{color:var(--muted);font-size:12.5px}
.speakers{display:grid;grid-template-columns:minmax(280px,430px) 1fr;gap:18px;align-items:start}
@media (max-width:900px){.speakers{grid-template-columns:1fr}}
svg.scatter{width:100%;height:auto;background:var(--card)}svg.scatter .frame{fill:none;stroke:var(--line)}
svg .dot{stroke:#fff;stroke-width:1;opacity:.9;cursor:pointer}svg .dot.outlier{stroke:var(--reject);stroke-width:3}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12px;margin-top:6px}.legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:-1px}
.toolbar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:10px}
.toolbar input,.toolbar select{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:6px 9px}
.toolbar input[type=search]{min-width:240px;flex:1}
.toolbar input[type=number]{width:86px}
.toolbar label{color:var(--muted);font-size:12.5px;display:flex;gap:6px;align-items:center}
.toolbar .count{margin-left:auto;color:var(--muted);font-variant-numeric:tabular-nums}
.toolbar button{font:inherit;border:1px solid var(--line);background:var(--card);color:var(--ink);border-radius:8px;padding:6px 10px;cursor:pointer}
.table{border:1px solid var(--line);border-radius:10px;overflow:hidden;background:var(--card)}
.thead,.tr{display:grid;grid-template-columns:var(--cols);align-items:center}
.thead{background:var(--bg);border-bottom:1px solid var(--line);font-size:12px}
.thead button{all:unset;cursor:pointer;padding:8px 10px;color:var(--muted);font-weight:600;display:block}
.thead button:focus-visible{outline:2px solid var(--accent);outline-offset:-2px}
.thead [aria-sort=ascending] button::after{content:" ▲"}.thead [aria-sort=descending] button::after{content:" ▼"}
.thead .num button,.tr .num{text-align:right}
.scroller{height:min(62vh,640px);overflow:auto;position:relative;outline:none}
.scroller:focus-visible{box-shadow:inset 0 0 0 2px var(--accent)}
.spacer{position:relative}
.tr{position:absolute;left:0;right:0;height:var(--row);border-bottom:1px solid var(--line);cursor:pointer;font-variant-numeric:tabular-nums;font-size:13px}
.tr>div{padding:0 10px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.tr:hover{background:color-mix(in srgb,var(--accent) 6%,transparent)}
.tr.active{background:color-mix(in srgb,var(--accent) 14%,transparent);box-shadow:inset 3px 0 0 var(--accent)}
.tr.out .path{padding-left:28px;color:var(--muted)}
.path .d{color:var(--muted)}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:11.5px;font-weight:650;letter-spacing:.02em}
.badge.p{background:color-mix(in srgb,var(--pass) 16%,transparent);color:var(--pass)}
.badge.f{background:color-mix(in srgb,var(--fixed) 16%,transparent);color:var(--fixed)}
.badge.r{background:color-mix(in srgb,var(--reject) 16%,transparent);color:var(--reject)}
.chip{display:inline-block;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:11px;border-radius:5px;padding:0 5px;margin-right:4px}
.chip.e{background:color-mix(in srgb,var(--reject) 14%,transparent);color:var(--reject)}
.chip.w{background:color-mix(in srgb,var(--warn) 16%,transparent);color:var(--warn)}
.bad{color:var(--reject);font-weight:600}
.empty-rows{padding:30px;text-align:center;color:var(--muted)}
kbd{font:11px ui-monospace,monospace;border:1px solid var(--line);border-bottom-width:2px;border-radius:4px;padding:0 4px;background:var(--card)}
#detail{position:fixed;inset:0 0 0 auto;width:min(980px,100vw);background:var(--card);border-left:1px solid var(--line);box-shadow:-12px 0 40px rgba(0,0,0,.18);overflow:auto;padding:18px 24px 40px;z-index:10}
#detail[hidden]{display:none}
#detail .close{position:sticky;top:0;float:right;font:inherit;border:1px solid var(--line);background:var(--card);color:var(--ink);border-radius:8px;padding:4px 10px;cursor:pointer}
#detail h2{font-size:17px;word-break:break-all;margin-right:90px}
#detail h3{font-size:13.5px;margin:18px 0 6px}
.timeline{position:relative;margin-top:6px;border-radius:8px;overflow:hidden;border:1px solid var(--line)}
.timeline img{display:block;width:100%;height:auto}
.timeline .m{position:absolute;top:0;bottom:0;opacity:.28;pointer-events:none}
.m.k-pause{background:#f0b429}.m.k-leading,.m.k-trailing{background:#8a94a6}.m.k-clipped{background:#ff2d2d;opacity:.55}.m.k-cut{background:#d64545;opacity:.35}.m.k-kept{background:transparent;border-top:4px solid #1f9d55;opacity:.9}
.axisline{display:flex;justify-content:space-between;color:var(--muted);font-size:11px;margin-top:2px}
.legend2{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:var(--muted);margin-top:6px}.legend2 i{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:-1px;border-radius:2px}
.players{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:10px}
.players figure{margin:0}.players figcaption{font-size:12px;color:var(--muted);margin-bottom:3px;word-break:break-all}
.players audio{width:100%}
.findings{list-style:none;padding:0;margin:0}.findings li{padding:6px 0;border-bottom:1px solid var(--line)}
a{color:var(--accent)}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
`;
