// The floor of importing any npm package (bench/run.py's cold boot): one ESM file that exports
// one function and does nothing else.
export const check = () => true
