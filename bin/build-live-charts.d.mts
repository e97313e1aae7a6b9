// Types of bin/build-live-charts.mjs, for the tests that build the browser bundle.
/** Writes the browser bundle to `outfile` (an absolute path). */
export declare function buildLiveCharts(outfile: string): Promise<void>;
