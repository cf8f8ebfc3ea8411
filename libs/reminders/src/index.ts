export * from './milestone-reminders';
export * from './reminders.module';
export * from './reminder-scans';
