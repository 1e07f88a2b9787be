import type { ActivityEntry, Reply } from '../../domain/types.ts';

/**
 * An activity entry as the API shows it (GET …/activity and its event stream): the stored entry
 * (entries kept before refused calls were recorded read as accepted) with its reply's state.
 */
export function activityView(stored: ActivityEntry, message: Reply | null | undefined) {
  const { messageId: _messageId, outcome, httpStatus, problem, sourceIp, userAgent, suppressed, ...entry } = stored;
  return {
    ...entry,
    outcome: outcome ?? 'accepted',
    httpStatus: httpStatus ?? 202,
    problem: problem ?? null,
    sourceIp: sourceIp ?? null,
    userAgent: userAgent ?? null,
    ...(suppressed ? { suppressed } : {}),
    reply: message ? replyView(message) : null,
  };
}

function replyView(m: Reply) {
  const { id, status, attempts, providerMessageId, nextAttemptAt, error } = m;
  return {
    messageId: id,
    status,
    simulated: m.simulated === true,
    attempts,
    providerMessageId,
    nextAttemptAt,
    error,
    fallback: m.fallback ?? null,
  };
}
