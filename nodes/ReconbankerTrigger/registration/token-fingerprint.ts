/**
 * A fingerprint of the notification token this node registered, kept in the node's static data so
 * that activation notices a token changed in the credential (Reconbanker only ever shows the stored
 * token masked). A keyed hash, never the token: HMAC-SHA-256 keyed with the dashboard password, so
 * the static data alone (which workflow exports can include) does not allow guessing the token.
 * A changed password only means one more registration write.
 */
import { createHmac } from 'node:crypto';

export function tokenFingerprint(token: string | null, key: string): string | null {
	if (token === null) return null;
	return createHmac('sha256', `reconbanker-notification-token\0${key}`).update(token, 'utf8').digest('hex');
}
