import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** `{total, limit, offset, next?}` of every list's page (its `items` are declared by each page schema). */
export class PageFieldsSchema {
  @ApiProperty({ type: 'integer', description: 'How many items the whole list holds (with the same filters, whatever the page)' }) readonly total!: number;
  @ApiProperty({ type: 'integer' }) readonly limit!: number;
  @ApiProperty({ type: 'integer' }) readonly offset!: number;
  @ApiPropertyOptional({
    type: 'integer',
    description:
      'The `offset` of the next page, right after this page’s items; absent on the last page. A page holds at most `limit` items and ' +
      'about 4 MB of documents (always one at least): one cut short has fewer items than `limit` and a `next`',
  })
  readonly next?: number;
}

/** A page of read-model documents whose own schema is not spelled out (their fields are the read model's). */
export class DocumentPageSchema extends PageFieldsSchema {
  @ApiProperty({ type: 'object', isArray: true, additionalProperties: true, description: 'The documents of the page, ordered by id' })
  readonly items!: object[];
}
