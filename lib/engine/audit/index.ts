// The audit domain's door: audit log, redaction, the password hash store and the self-signed certificate.
export { createAuditLog, auditLogFile, type AuditLog, type AuditEntry } from './audit-log';
export { redactText, redactValue, isSecretKey, REDACTED } from './redact';
export { authFiles, ensureAuthDir, type AuthFiles } from './auth-files';
export {
  createPasswordStore,
  validatePassword,
  MIN_PASSWORD_LENGTH,
  MAX_PASSWORD_LENGTH,
  type PasswordStore,
} from './password-store';
export { ensureSelfSignedCert, certificateNames, type TlsMaterial } from './self-signed-cert';
