// @ts-check
'use strict';

/**
 * The short Spanish text the real server posts (as `{"text": ...}`) when an account's
 * notification transport is `slack` or `chat_webhook` instead of the JSON webhook (`api`).
 * @param {string} accountId
 * @param {{ status: string, data: any }} event
 */
function chatText(accountId, event) {
  const data = event.data || {};
  const cuenta = `la cuenta ${accountId}`;
  switch (event.status) {
    case 'assistance.requested': {
      const d = data.descriptor || {};
      const kind = d.type === 'alphanumeric' ? 'alfanumérico' : 'numérico';
      const len = d.length ? ` de ${d.length} caracteres` : '';
      const resent = data.resent ? ' El banco reenvió el código.' : '';
      return `Reconbanker: ${cuenta} necesita un código de verificación ${kind}${len}.${resent}`;
    }
    case 'session.needs_attention':
      return `Reconbanker: la sesión de ${cuenta} necesita atención (motivo: ${data.reason || 'desconocido'}).`;
    case 'session.recovered':
      return `Reconbanker: la sesión de ${cuenta} se recuperó.`;
    case 'connection.failed':
      return `Reconbanker: falló la conexión de ${cuenta} (${data.category || 'desconocido'}).`;
    case 'connection.recovered':
      return `Reconbanker: la conexión de ${cuenta} se recuperó.`;
    case 'scrape.failed':
      return `Reconbanker: falló la lectura de movimientos de ${cuenta} (${data.category || 'desconocido'}).`;
    case 'scrape.recovered':
      return `Reconbanker: la lectura de movimientos de ${cuenta} se recuperó.`;
    default:
      return `Reconbanker: evento ${event.status} en ${cuenta}.`;
  }
}

module.exports = { chatText };
