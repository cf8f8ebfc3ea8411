export * from './scrape';
export * from './dashboard';
