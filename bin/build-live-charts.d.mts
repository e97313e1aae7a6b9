// Types of bin/build-live-charts.mjs, for the tests that build the browser bundle.
/** Where the page's bootstrap lives. */
export declare const LIVE_CHARTS_SOURCE: string;
/** Writes the browser bundle to `outfile` (an absolute path). */
export declare function buildLiveCharts(outfile: string): Promise<void>;
