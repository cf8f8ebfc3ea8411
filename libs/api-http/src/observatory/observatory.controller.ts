import { Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiParam, ApiProduces } from '@nestjs/swagger';
import { type ObservatoryAnswer, Observatory, observatoryFileName, type Section, type Table, tableCsv, tablesCsv } from '@catalyse/observatory';
import { AppError } from '@catalyse/protocol';
import type { Request, Response } from 'express';
import { ApiController, ApiErrorResponse, ReadRoute } from '../openapi/decorators';
import { checkAsOf, SingleReads } from '../reads/as-of';
import { prefersCsv, setCsvHeaders } from '../reads/csv';
import { assertId } from '../validation/id.pipe';
import { ObservatoryQueryDto } from './dto';

/** What the index lists of a section. */
export interface SectionIndex {
  readonly name: string;
  readonly title: string;
  readonly href: string;
}

/**
 * The observatory: figures of the network computed from the history, as of
 * any date, for catalyseurs and operators (partners 403). JSON by default;
 * CSV with `Accept: text/csv` (a section as one long table, a table as itself).
 */
@ApiController('observatory')
export class ObservatoryController {
  constructor(
    @Inject(Observatory) private readonly observatory: Observatory,
    @Inject(SingleReads) private readonly reads: SingleReads,
  ) {}

  @ReadRoute(['observatory', 'read'], '', 'The sections of the observatory')
  index(): readonly SectionIndex[] {
    return this.observatory.sections.map((s) => ({ name: s.name, title: s.title, href: `/api/observatory/${s.name}` }));
  }

  @ReadRoute(
    ['observatory', 'read'],
    ':section',
    'A section’s figures as of a date, filtered by period, territory and region (JSON, or CSV with Accept: text/csv)',
  )
  @ApiParam({ name: 'section', description: 'partnerships, catalyseurs, gatherings, introductions, experimentations, parcours' })
  @ApiErrorResponse(404, 'NOT_FOUND: no such section, or a territory or a region the network does not know')
  @ApiProduces('application/json', 'text/csv')
  async section(
    @Param('section') name: string,
    @Query() query: ObservatoryQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ObservatoryAnswer | string> {
    const answer = await this.answer(name, query);
    if (!prefersCsv(req)) return answer;
    setCsvHeaders(res, observatoryFileName(answer.section, answer.period.until));
    return tablesCsv(answer.tables);
  }

  @ReadRoute(['observatory', 'read'], ':section/:table', 'One table of a section (JSON, or CSV with Accept: text/csv)')
  @ApiParam({ name: 'section', description: 'A section of the index' })
  @ApiParam({ name: 'table', description: 'A table of the section (`by_mode`, `per_year`…)' })
  @ApiErrorResponse(404, 'NOT_FOUND: no such section, or no such table in it, or a territory or a region the network does not know')
  @ApiProduces('application/json', 'text/csv')
  async table(
    @Param('section') name: string,
    @Param('table') tableName: string,
    @Query() query: ObservatoryQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<(Omit<ObservatoryAnswer, 'tables'> & { readonly table: Table }) | string> {
    assertId(tableName, 'table');
    const { tables, ...answer } = await this.answer(name, query);
    const table = tables.find((t) => t.name === tableName);
    if (!table) throw new AppError('NOT_FOUND', `observatory table ${name}/${tableName} not found`);
    if (!prefersCsv(req)) return { ...answer, table };
    setCsvHeaders(res, observatoryFileName(answer.section, answer.period.until, table));
    return tableCsv(table);
  }

  private async answer(name: string, query: ObservatoryQueryDto): Promise<ObservatoryAnswer> {
    const section = this.find(name);
    checkAsOf(query.asOf, this.reads.now(), query.clock);
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      throw new AppError('VALIDATION', 'from must not be after to', { details: [{ field: 'from', messages: ['from must not be after to'] }] });
    }
    if (this.observatory.startsAfterCut(query)) {
      const message = 'from must not be after the day the figures stand as of (asOf, or today): the period would start after its end';
      throw new AppError('VALIDATION', message, { details: [{ field: 'from', messages: [message] }] });
    }
    const answer = await this.observatory.answer(section, query);
    // Nothing counted: a territory or a region the network does not know is a 404, not a table of zeros.
    const unknown = answer.subjects === 0 ? await this.observatory.unknownPlace(query) : undefined;
    if (unknown !== undefined) throw new AppError('NOT_FOUND', `${unknown} ${String(query[unknown])} not found`);
    return answer;
  }

  private find(name: string): Section {
    assertId(name, 'section');
    const section = this.observatory.section(name);
    if (!section) throw new AppError('NOT_FOUND', `observatory section ${name} not found`);
    return section;
  }
}
