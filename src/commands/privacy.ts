/**
 * Contact details in group chats and channels, where everyone in the conversation reads the card: enough to
 * recognize an address ("t***@example.com") or a number ("********90"), not to use it. Names and dates stay.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 2) return '***';
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}
