// Globals of the dashboard's browser scripts: Chart.js is loaded by its own <script> tag
// (chart.umd.js, served from node_modules) before the modules run.
declare const Chart: typeof import('chart.js').Chart;
