/**
 * Ids that are one or two dots, after any number of tildes. Browsers, fetch and curl resolve a
 * path segment "." or ".." (also written %2E) as this folder or its parent before sending the
 * request, so such an id cannot travel as it is.
 */
const dotLike = /^~*\.{1,2}$/;

/**
 * A user id as one URL path segment: encoded, and with a tilde in front when the id is dot-like,
 * so `..` travels as `~..` and an id that really is `~..` as `~~..`. Every other id is only
 * percent-encoded, so links to it read as before.
 */
export function userIdSegment(userId: string): string {
  return encodeURIComponent(dotLike.test(userId) ? `~${userId}` : userId);
}

/** The user id a decoded path segment names: userIdSegment's inverse. */
export function userIdFromSegment(segment: string): string {
  return segment.startsWith('~') && dotLike.test(segment) ? segment.slice(1) : segment;
}
