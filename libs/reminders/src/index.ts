export * from './milestone-reminders';
export * from './reminders.module';
