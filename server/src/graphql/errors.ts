import { GraphQLError } from 'graphql';

/** A wrong argument: says which one and why, in Japanese and English. */
export class FilterError extends GraphQLError {
  constructor(field: string, message: string) {
    super(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
  }
}

/** A record asked for by id that does not exist. */
export class NotFoundError extends GraphQLError {
  constructor(what: string, id: string) {
    super(`${what} ${id} が見つかりません / ${what} ${id} not found`, { extensions: { code: 'NOT_FOUND' } });
  }
}
