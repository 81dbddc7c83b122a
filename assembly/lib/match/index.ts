// Request matching shared by the filters ("envoy-as/lib/match"): one RequestView that reads each
// request part once, one Match (method, host, path, query, headers) and one reader for the
// `match` object of a configuration (match.schema.json, $ref'd by each filter's schema.json).
// A condition answers MATCH, NO_MATCH or UNDECIDED (lib/regex's outcomes): a regex that runs out
// of its step budget is undecided, never "no match", and each filter decides what an undecided
// rule means for it.
export { MATCH, NO_MATCH, UNDECIDED } from "../regex";
export { HEADER_ABSENT, HEADER_EXACT, HEADER_PRESENT, HEADER_REGEX, HeaderMatch, matchHeaders, matchRequestHeaders } from "./headers";
export { HostPattern, hostPattern, matchHosts, normaliseHost } from "./host";
export { QueryMatch, indexWithin, isValidParamName, queryParam } from "./query";
export { RequestView } from "./view";
export { Match, PATH_ANY, PATH_EXACT, PATH_PREFIX, PATH_REGEX } from "./match";
export { MATCH_FIELDS, METHODS, readMatch, readRegex } from "./config";
