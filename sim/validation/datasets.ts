// The `dataset` column of a measurement CSV: the length distributions a row's benchmark may have
// drawn its requests from, besides fixed lengths (blank). A named dataset is a bundled request
// trace whose (prompt, output) pairs the row's requests draw with replacement, each column
// rescaled so its mean is the row's isl and osl (workload.trace use 'lengths' with rescale): the
// trace gives the spread and the tail, the row gives the means it states.
// Invariants: pure — a dataset is a path relative to the package root; the caller's resolver
// (ValidateOptions.resolveTraceFile) turns it into a checked absolute path, so this room reads no
// file. Names are lower-case.
// NOTE: ShareGPT, the dataset of vLLM's serving benchmark (benchmark_serving) and of the rows
// that state means like 202/214, is not bundled (its licence is unclear and it is large). The
// nearest real chat length distribution bundled is the Azure 2023 conversation trace: outputs
// mean 211 tokens, coefficient of variation 0.77, p99 601; such rows name `azure-conv-2023`
// (data/validation/README.md says which and why).

/** Bundled length distributions, by the name a `dataset` column gives. */
export const DATASETS: Readonly<Record<string, { file: string }>> = {
  // Azure LLM inference trace 2023, conversation (19,366 requests; CC-BY 4.0, data/traces/azure-llm-2023/README.md)
  'azure-conv-2023': { file: 'data/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv' },
  // Azure LLM inference trace 2023, code (8,819 requests; CC-BY 4.0)
  'azure-code-2023': { file: 'data/traces/azure-llm-2023/AzureLLMInferenceTrace_code.csv' },
};

export const DATASET_NAMES = Object.keys(DATASETS);
